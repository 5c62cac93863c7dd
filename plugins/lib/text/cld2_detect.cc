// cld2_detect.cc — cld2_detect(), the C entry to CLD2 (see cld2_detect.h).
#include <cstdio> // CLD2's header uses FILE without including it
#include <cstring>

#include <cld2/public/compact_lang_det.h>

#include "text/cld2_detect.h"

static void copy_code(lang_guess *g, CLD2::Language l, int percent)
{
	const char *code = l == CLD2::UNKNOWN_LANGUAGE ? "" : CLD2::LanguageCode(l);
	std::snprintf(g->code, sizeof(g->code), "%s", code ? code : "");
	g->percent = g->code[0] ? percent : 0;
}

extern "C" int cld2_detect(const char *text, size_t len, lang_guess top[3], int *scored)
{
	/* CLD2 leaves these unset when it refuses the text (the fuzzer found
	 * it: a load of an invalid enum value) */
	CLD2::Language lang3[3] = {CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE,
	                           CLD2::UNKNOWN_LANGUAGE};
	int percent3[3] = {0, 0, 0}, valid = 0;
	double score3[3];
	bool reliable = false;
	if (len > (size_t)1 << 30)
		len = (size_t)1 << 30;
	*scored = 0;
	CLD2::ExtDetectLanguageSummaryCheckUTF8(text, (int)len, true, nullptr, 0, lang3, percent3,
	                                        score3, nullptr, scored, &reliable, &valid);
	for (int i = 0; i < 3; i++)
		copy_code(&top[i], lang3[i], percent3[i]);
	if ((size_t)valid < len)
		return -1;
	return reliable ? 1 : 0;
}
