#!/bin/sh
# targets.sh — the fuzz targets, one name per line (`targets.sh`), and the
# file extension an importer target names its input with (`targets.sh ext
# import_NAME`).  An importer target import_NAME fuzzes plugin import/NAME.
if [ "${1:-}" = ext ]; then
	case $2 in
	import_text) echo txt ;;
	import_ninjs) echo json ;;
	import_html) echo html ;;
	import_markdown) echo md ;;
	import_archive) echo tar ;;
	import_nitf | import_newsml | import_wxr) echo xml ;;
	*) echo bin ;;
	esac
	exit 0
fi
printf '%s\n' yaml vars glob json pack lua_bridge lua_pattern annotate import_text import_ninjs import_html import_nitf import_newsml import_wxr import_markdown import_archive
