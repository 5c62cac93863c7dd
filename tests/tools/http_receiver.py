#!/usr/bin/python3
"""http_receiver.py — a partner's HTTPS inbox for tests/deliver.t: accepts
PUT /PATH/NAME, checks X-Galley-Signature (sha256=HMAC-SHA256 of the body
with the secret in the environment variable --secret-env) and
X-Galley-SHA256, and stores the body as DIR/NAME (written to a temporary
name and renamed, as a real receiver would).  Answers 401 to a wrong or
missing signature, and 500 to the first --fail requests (a server having
a bad minute).  Each request is one line in DIR/../requests.log.

usage: http_receiver.py --dir DIR --port-file FILE --secret-env NAME
                        [--fail N] [--cert PEM --key PEM]

Listens on 127.0.0.1 on a free port, written to --port-file once ready;
stops on SIGTERM."""
import argparse
import hashlib
import hmac
import http.server
import os
import ssl
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--secret-env", required=True)
    ap.add_argument("--fail", type=int, default=0)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    args = ap.parse_args()
    secret = os.environ[args.secret_env].encode()
    log = open(os.path.join(args.dir, "..", "requests.log"), "a", buffering=1)
    state = {"fail": args.fail}

    class Inbox(http.server.BaseHTTPRequestHandler):
        def answer(self, code, why):
            log.write(f"{self.command} {self.path} {code} {why}\n")
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_PUT(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            want = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
            if not hmac.compare_digest(self.headers.get("X-Galley-Signature", ""), want):
                return self.answer(401, "bad signature")
            if self.headers.get("X-Galley-SHA256") != hashlib.sha256(body).hexdigest():
                return self.answer(400, "body does not match X-Galley-SHA256")
            if state["fail"] > 0:
                state["fail"] -= 1
                return self.answer(500, "failing on purpose")
            name = os.path.basename(self.path)
            if not name or name.startswith("."):
                return self.answer(400, "no name")
            tmp = os.path.join(args.dir, "." + name + ".tmp")
            with open(tmp, "wb") as f:
                f.write(body)
            os.rename(tmp, os.path.join(args.dir, name))
            self.answer(201, "stored")

        def log_message(self, *a):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Inbox)
    if args.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
