/* cld2_detect.h — a C face on CLD2, Google's Compact Language Detector 2
 * (Debian libcld2-dev), whose API is C++.  cld2_detect.cc is the only C++
 * in galley: it holds no state, so any thread may call it. */
#ifndef GALLEY_CLD2_DETECT_H
#define GALLEY_CLD2_DETECT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lang_guess {
	char code[16]; /* CLD2's code: "en", "no" (Bokmål), "nn", "zh-Hant"…; "" unknown */
	int percent;   /* share of the scored text in this language, 0 to 100 */
} lang_guess;

/* Up to three languages of len bytes of UTF-8 plain text, best first, in
 * top[0..2] ("" past the last).  Returns 1 when CLD2 calls the result
 * reliable, 0 when not, -1 when CLD2 refuses the text as not
 * interchange-valid UTF-8 (stricter than valid: some controls and
 * noncharacters too). *scored: bytes of letters it scored. */
int cld2_detect(const char *text, size_t len, lang_guess top[3], int *scored);

#ifdef __cplusplus
}
#endif
#endif
