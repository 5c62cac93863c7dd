#!/bin/sh
# slurm.sh — one night's run as a Slurm array of N shards and a merge that
# starts when every shard succeeded.
#
# Assumes: galley installed on every compute node (`make deps && make &&
# make install` from this repository, or the image of Containerfile under
# Singularity/Apptainer), and a shared file system (NFS, Lustre, GPFS)
# holding the pipeline, its inputs and its output folder at the same path
# on every node.
#
#   sh pipelines/deploy/slurm.sh /shared/newsroom/nightly.yaml 8
#
# A shard that failed can be run again alone (`sbatch --array=3 ...`, or
# `galley run PIPELINE --shard 3/8` anywhere), then the merge.
set -eu
pipeline=${1:?usage: slurm.sh PIPELINE [SHARDS]}
shards=${2:-4}
last=$((shards - 1))
# SLURM_ARRAY_TASK_ID less SLURM_ARRAY_TASK_MIN is the shard: --array=0-7
# and --array=1-8 both work
array=$(sbatch --parsable --job-name=galley-shards --array="0-$last" --cpus-per-task=2 \
	--wrap="galley run '$pipeline' --shard auto/$shards --jobs \$SLURM_CPUS_PER_TASK -q")
sbatch --parsable --job-name=galley-merge --dependency="afterok:$array" \
	--wrap="galley merge '$pipeline' --shards $shards -q"
echo "shards: job $array (array 0-$last); the merge runs after them"
