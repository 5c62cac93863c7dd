#!/bin/sh
# parallel.sh — one night's run as N shards on the machines listed in a
# file, over ssh, with GNU parallel; then the merge on this machine.
#
# Assumes: Debian's `parallel` here; galley installed on every host (`make
# deps && make && make install` from this repository); ssh to each host
# without a password; and either a shared folder (NFS) with the pipeline,
# its inputs and its output at the same path on every host, or, with no
# shared folder, the pipeline and inputs at the same path on every host and
# OUTPUT set to the pipeline's output folder: each host's shard folders are
# then fetched here with rsync (Debian's `rsync`, on both ends) before the
# merge.
#
#   sh pipelines/deploy/parallel.sh hosts.txt /srv/newsroom/nightly.yaml 4
#   OUTPUT=/srv/newsroom/out sh pipelines/deploy/parallel.sh hosts.txt /srv/newsroom/nightly.yaml 4
#
# hosts.txt: one ssh login per line (`2/newsroom@wire1` runs at most 2
# shards at once there).  PARALLEL_SEQ is set on the remote side too, so
# every shard takes its index from it (--shard auto/N).
set -eu
hosts=${1:?usage: parallel.sh HOSTS-FILE PIPELINE [SHARDS]}
pipeline=${2:?usage: parallel.sh HOSTS-FILE PIPELINE [SHARDS]}
shards=${3:-4}
# -n0: each job takes one of 1..N only as its count, not as an argument
parallel --sshloginfile "$hosts" --jobs 1 -n0 --halt now,fail=1 \
	galley run "$pipeline" --shard "auto/$shards" -q ::: $(seq "$shards")
if [ -n "${OUTPUT:-}" ]; then
	# no shared folder: each host wrote its shards into its own
	# OUTPUT/shards/I-of-N; gather them here (a host's logins minus "N/")
	mkdir -p "$OUTPUT/shards"
	sed -e 's|^[0-9]*/||' -e '/^ *$/d' "$hosts" | sort -u | while read -r login; do
		rsync -a --exclude='*.lock' "$login:$OUTPUT/shards/" "$OUTPUT/shards/"
	done
fi
galley merge "$pipeline" --shards "$shards" -q
