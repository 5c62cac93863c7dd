#!/usr/bin/env python3
"""hostile_inputs.py — large and hostile inputs for tests/scale.t, made on
the fly rather than committed: python3 tests/tools/hostile_inputs.py SHAPE
N OUT writes one file of that shape and size to OUT.

Shapes:
  wxr-lost-authors  a WordPress export of N posts whose authors are missing
                    from the channel's wp:author list (each post once
                    walked the whole channel)
  script-flood      a web page followed by N unclosed <script> and <style>
                    tags (the raw-text cut once rescanned to the end for each)
  newsml-items      a NewsML-G2 newsMessage of N text items (10,000 were
                    once kept and the rest dropped without a word)
  hidden-entry      a tar.gz whose __MACOSX entry declares N GB (hidden
                    entries once escaped the caps and were expanded to skip)
  attr-flood        a web page with one element of N attributes (libxml2
                    checks each new attribute against those before it)
  ns-flood          a NITF document whose root declares N namespaces (the
                    same check, for namespace declarations)
  wxr-posts         a WordPress export of N posts of about 5 KB each (the
                    classic editor's paragraphs, categories, tags, an
                    author from the list): 100,000 make 500 MB
  ninjs-lines       a ninjs JSON-lines file of N items
  big-page          a web page of N paragraphs of prose (about 120 bytes
                    each)
"""
import gzip
import io
import sys
import tarfile

WXR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/" '
    'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/">\n'
    '<channel><title>Big</title><language>en</language>\n'
    '<wp:author><wp:author_login>kari</wp:author_login>'
    '<wp:author_display_name>Kari</wp:author_display_name></wp:author>\n'
)
WXR_POST = (
    '<item><title>Post {i}</title><link>https://x.example/{i}/</link>'
    '<dc:creator>gone-{a}</dc:creator><guid>https://x.example/?p={i}</guid>'
    '<content:encoded><![CDATA[<p>Paragraph of post {i}, with words enough to be prose, '
    'said the editor.</p>]]></content:encoded><wp:post_id>{i}</wp:post_id>'
    '<wp:post_date_gmt>2026-11-23 05:00:00</wp:post_date_gmt><wp:status>publish</wp:status>'
    '<wp:post_type>post</wp:post_type></item>\n'
)


def wxr_lost_authors(n, out):
    out.write(WXR_HEAD)
    for i in range(n):
        out.write(WXR_POST.format(i=i, a=i % 7))
    out.write('</channel></rss>\n')


WXR_PARAGRAPH = ('Paragraph {k} of post {i}: the council met on Tuesday to weigh the harbour '
                 'plan, and the mayor said the vote would come before the summer, while the '
                 'opposition asked for a second hearing. "We have waited long enough," said '
                 'one resident, who has lived on the quay for thirty years. The plan, first '
                 'drawn up in 2019, would move the ferry berth north and open the old docks '
                 'to housing; critics say the cost has doubled since then.')
WXR_LONG_POST = (
    '<item><title>Post {i}: the harbour plan</title><link>https://x.example/{i}/</link>'
    '<dc:creator>kari</dc:creator><guid isPermaLink="false">https://x.example/?p={i}</guid>'
    '<content:encoded><![CDATA[{body}]]></content:encoded>'
    '<excerpt:encoded><![CDATA[What the council decided about the harbour.]]></excerpt:encoded>'
    '<wp:post_id>{i}</wp:post_id><wp:post_date_gmt>2026-11-23 05:00:00</wp:post_date_gmt>'
    '<wp:post_name>post-{i}-the-harbour-plan</wp:post_name><wp:status>publish</wp:status>'
    '<wp:post_type>post</wp:post_type>'
    '<category domain="category" nicename="local"><![CDATA[Local]]></category>'
    '<category domain="post_tag" nicename="harbour"><![CDATA[harbour]]></category>'
    '<wp:postmeta><wp:meta_key>kicker</wp:meta_key><wp:meta_value><![CDATA[Council]]>'
    '</wp:meta_value></wp:postmeta></item>\n'
)


def wxr_posts(n, out):
    out.write(WXR_HEAD)
    for i in range(n):
        body = '\n\n'.join(WXR_PARAGRAPH.format(k=k, i=i) for k in range(1, 12))
        out.write(WXR_LONG_POST.format(i=i, body=body))
    out.write('</channel></rss>\n')


def script_flood(n, out):
    out.write('<html><head><title>Flood</title></head><body><p>')
    out.write('Words of the article, with a comma, to be prose. ' * 20 + '</p>')
    out.write('<script>x' * (n // 2) + '<style>y' * (n - n // 2))
    out.write('</body></html>\n')


def newsml_items(n, out):
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<newsMessage '
              'xmlns="http://iptc.org/std/nar/2006-10-01/"><header><sent>2031-01-01T00:00:00Z'
              '</sent></header><itemSet>\n')
    for i in range(n):
        out.write(f'<newsItem guid="urn:example:{i}" version="1" standard="NewsML-G2" '
                  f'standardversion="2.35"><itemMeta><itemClass qcode="ninat:text"/>'
                  f'<provider literal="Example"/><versionCreated>2031-01-01T00:00:00Z'
                  f'</versionCreated></itemMeta><contentMeta><headline>Item {i}</headline>'
                  f'</contentMeta><contentSet><inlineData contenttype="text/plain">Text of '
                  f'item {i}, a paragraph.</inlineData></contentSet></newsItem>\n')
    out.write('</itemSet></newsMessage>\n')


def hidden_entry(n, out):
    story = b'A story\n\nA paragraph of it, long enough to be prose.\n'
    tar = io.BytesIO()
    info = tarfile.TarInfo('story.txt')
    info.size = len(story)
    tar.write(info.tobuf(format=tarfile.GNU_FORMAT))
    tar.write(story + b'\0' * (512 - len(story) % 512))
    huge = tarfile.TarInfo('__MACOSX/._story.txt')
    huge.size = n * 1024 ** 3  # declared, never written: the header is enough
    tar.write(huge.tobuf(format=tarfile.GNU_FORMAT))
    tar.write(b'\0' * (1 << 20))
    out.buffer.write(gzip.compress(tar.getvalue()))


def attr_flood(n, out):
    out.write('<html><head><title>Dense</title></head><body><p>')
    out.write('Words of the article, with a comma, to be prose. ' * 20 + '</p><div')
    for i in range(n):
        out.write(f' data-a{i}="{i}"')
    out.write('>x</div></body></html>\n')


def ns_flood(n, out):
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<nitf')
    for i in range(n):
        out.write(f' xmlns:n{i}="urn:example:{i}"')
    out.write('><head><title>Dense</title></head><body><body.head><hedline><hl1>Dense'
              '</hl1></hedline></body.head><body.content><p>A paragraph.</p>'
              '</body.content></body></nitf>\n')


def ninjs_lines(n, out):
    for i in range(n):
        out.write(f'{{"uri": "urn:example:{i}", "type": "text", "language": "en", '
                  f'"headline": "Item {i}", "versioncreated": "2031-01-01T00:00:00Z", '
                  f'"body_text": "Text of item {i}, a paragraph of prose, said the editor."}}\n')


def big_page(n, out):
    out.write('<html><head><title>Long read</title></head><body><article><h1>Long read</h1>\n')
    for i in range(n):
        out.write(f'<p>Paragraph {i} of the long read, with words enough to be prose, and a '
                  f'comma, as the editor said.</p>\n')
    out.write('</article></body></html>\n')


SHAPES = {'wxr-lost-authors': wxr_lost_authors, 'wxr-posts': wxr_posts, 'script-flood': script_flood,
          'newsml-items': newsml_items, 'hidden-entry': hidden_entry,
          'attr-flood': attr_flood, 'ns-flood': ns_flood, 'ninjs-lines': ninjs_lines,
          'big-page': big_page}


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in SHAPES:
        sys.exit(__doc__)
    with open(sys.argv[3], 'w', encoding='utf-8') as out:
        SHAPES[sys.argv[1]](int(sys.argv[2]), out)


if __name__ == '__main__':
    main()
