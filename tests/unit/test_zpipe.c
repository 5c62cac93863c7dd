/* test_zpipe.c — plugins/lib/io/zpipe.c, the compressor on its own thread:
 * what goes in comes out of zlib and libzstd unchanged at every size
 * around the chunk boundaries, the same input gives the same bytes, and
 * a failed write is reported at close with its reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../core/deliver/zpipe.c"

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	*n = (size_t)ftell(fp);
	rewind(fp);
	unsigned char *b = malloc(*n + 1);
	assert_int_equal(fread(b, 1, *n, fp), *n);
	fclose(fp);
	return b;
}

static unsigned char *gunzip(const unsigned char *in, size_t n, size_t want)
{
	unsigned char *out = malloc(want + 1);
	z_stream s = {0};
	assert_int_equal(inflateInit2(&s, 15 + 16), Z_OK);
	s.next_in = (Bytef *)in;
	s.avail_in = (uInt)n;
	s.next_out = out;
	s.avail_out = (uInt)want + 1;
	assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
	assert_int_equal(s.total_out, want);
	inflateEnd(&s);
	return out;
}

static unsigned char *unzstd(const unsigned char *in, size_t n, size_t want)
{
	unsigned char *out = malloc(want + 1);
	ZSTD_DCtx *d = ZSTD_createDCtx();
	ZSTD_inBuffer ib = {in, n, 0};
	ZSTD_outBuffer ob = {out, want + 1, 0};
	size_t left = ZSTD_decompressStream(d, &ob, &ib);
	assert_false(ZSTD_isError(left));
	assert_int_equal(left, 0); /* the frame is complete */
	assert_int_equal(ob.pos, want);
	ZSTD_freeDCtx(d);
	return out;
}

/* Writes n bytes of text in pieces of odd sizes; returns the file. */
static unsigned char *through(zpipe_kind kind, const unsigned char *data, size_t n, size_t *len)
{
	char path[] = "/tmp/test_zpipe.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	zpipe *z = zpipe_open(path, kind, 0);
	assert_non_null(z);
	for (size_t at = 0, piece = 1; at < n; at += piece, piece = piece * 7 % 100003 + 1)
		assert_int_equal(zpipe_write(z, data + at, piece < n - at ? piece : n - at), 0);
	char err[256];
	assert_int_equal(zpipe_close(z, err, sizeof(err)), 0);
	unsigned char *file = slurp(path, len);
	unlink(path);
	return file;
}

static void round_trips(zpipe_kind kind)
{
	const size_t sizes[] = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK + 17};
	size_t max = 5 * CHUNK + 17;
	unsigned char *data = malloc(max);
	for (size_t i = 0; i < max; i++) /* text-like: compressible, not uniform */
		data[i] = (unsigned char)("the ODKB alliance met in Yerevan "[i % 33] ^ (i / 4096 % 3));
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t len, len2;
		unsigned char *file = through(kind, data, sizes[k], &len);
		unsigned char *again = through(kind, data, sizes[k], &len2);
		assert_int_equal(len, len2); /* the same input: the same bytes */
		assert_memory_equal(file, again, len);
		unsigned char *back = kind == ZPIPE_ZSTD ? unzstd(file, len, sizes[k])
		                                         : gunzip(file, len, sizes[k]);
		assert_memory_equal(back, data, sizes[k]);
		free(file);
		free(again);
		free(back);
	}
	free(data);
}

static void test_gzip_round_trips(void **state)
{
	(void)state;
	round_trips(ZPIPE_GZIP);
}

static void test_isal_gzip_round_trips(void **state)
{
	(void)state;
	round_trips(ZPIPE_GZIP_ISAL); /* one gzip member zlib reads to its end */
}

static void test_zstd_round_trips(void **state)
{
	(void)state;
	round_trips(ZPIPE_ZSTD);
}

static void test_gzip_header_has_no_time_or_name(void **state)
{
	(void)state;
	const zpipe_kind kinds[] = {ZPIPE_GZIP, ZPIPE_GZIP_ISAL};
	for (size_t k = 0; k < 2; k++) {
		size_t len;
		unsigned char *file = through(kinds[k], (const unsigned char *)"x", 1, &len);
		assert_true(len > 10);
		assert_int_equal(file[0], 0x1f);
		assert_int_equal(file[1], 0x8b);
		assert_int_equal(file[3], 0); /* no name, comment or extra field */
		assert_int_equal(file[4] | file[5] | file[6] | file[7], 0); /* mtime 0 */
		free(file);
	}
}

static void test_a_failed_write_is_reported_at_close(void **state)
{
	(void)state;
	zpipe *z = zpipe_open("/dev/full", ZPIPE_GZIP, 1);
	assert_non_null(z);
	unsigned char *data = calloc(1, 3 * CHUNK);
	int rc = 0;
	for (int i = 0; i < 8 && rc == 0; i++) /* fails here, or at close */
		rc = zpipe_write(z, data, 3 * CHUNK);
	char err[256] = "";
	assert_int_equal(zpipe_close(z, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "No space left on device"));
	free(data);
}

static void test_a_level_gzip_does_not_take(void **state)
{
	(void)state;
	assert_null(zpipe_open("/dev/null", ZPIPE_GZIP, 12));
	assert_int_equal(errno, EINVAL);
	assert_null(zpipe_open("/dev/null", ZPIPE_GZIP_ISAL, 4)); /* ISA-L has 1-3 */
	assert_int_equal(errno, EINVAL);
	zpipe *z = zpipe_open("/dev/null", ZPIPE_GZIP_ISAL, 1);
	char err[256];
	assert_non_null(z);
	assert_int_equal(zpipe_close(z, err, sizeof(err)), 0);
}

static void test_a_path_that_cannot_be_made(void **state)
{
	(void)state;
	assert_null(zpipe_open("/nonexistent/folder/x.tar.gz", ZPIPE_ZSTD, 0));
	assert_int_equal(errno, ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gzip_round_trips),
		cmocka_unit_test(test_isal_gzip_round_trips),
		cmocka_unit_test(test_zstd_round_trips),
		cmocka_unit_test(test_gzip_header_has_no_time_or_name),
		cmocka_unit_test(test_a_failed_write_is_reported_at_close),
		cmocka_unit_test(test_a_level_gzip_does_not_take),
		cmocka_unit_test(test_a_path_that_cannot_be_made),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
