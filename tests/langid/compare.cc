// compare.cc — measures the two language detectors Debian packages, CLD2
// (libcld2) and libexttextcat, on the TSV corpus.py writes: accuracy per
// set and language, and time per document; and galley's annotate/language,
// which is CLD2 with Bokmål and Nynorsk told apart (norwegian_split.c).  Not part of galley's build:
// `make langid-compare` builds and runs it (it needs libcld2-dev, a C++
// library, which galley itself does not use).
#include <cstdio> // before CLD2's header, which uses FILE without it

#include <cld2/public/compact_lang_det.h>
#include <libexttextcat/textcat.h>

#include <chrono>
#include <cstring>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

extern "C" {
#include "text/norwegian_split.h"
}

static std::string norm(std::string c)
{
	c = c.substr(0, c.find_first_of("-_"));
	if (c == "no")
		return "nb"; // CLD2's NORWEGIAN is Bokmål; NORWEGIAN_N is "nn"
	return c;
}

static std::string cld2(const std::string &t)
{
	bool reliable = false;
	CLD2::Language l = CLD2::DetectLanguage(t.data(), (int)t.size(), true, &reliable);
	return l == CLD2::UNKNOWN_LANGUAGE ? "?" : norm(CLD2::LanguageCode(l));
}

static std::string galley(const std::string &t)
{
	std::string c = cld2(t);
	if (c == "nb" || c == "nn")
		return norwegian_is_nynorsk(t.data(), t.size()) ? "nn" : "nb";
	return c;
}

static std::string textcat(void *h, const std::string &t)
{
	const char *r = textcat_Classify(h, t.data(), t.size());
	if (!r || r[0] != '[')
		return "?";
	return norm(std::string(r + 1, strcspn(r + 1, "]")));
}

int main()
{
	void *tc = special_textcat_Init("/usr/share/libexttextcat/fpdb.conf", "/usr/share/libexttextcat/");
	if (!tc) {
		std::cerr << "compare: cannot load the textcat models\n";
		return 2;
	}
	struct tally { int n = 0, cld = 0, gal = 0, cat = 0; };
	std::map<std::string, tally> per;
	double tcld = 0, tcat = 0;
	size_t bytes = 0, docs = 0;
	std::string line;
	while (std::getline(std::cin, line)) {
		std::istringstream in(line);
		std::string set, lang, text;
		std::getline(in, set, '\t');
		std::getline(in, lang, '\t');
		std::getline(in, text);
		auto t0 = std::chrono::steady_clock::now();
		std::string a = cld2(text);
		auto t1 = std::chrono::steady_clock::now();
		std::string b = textcat(tc, text);
		auto t2 = std::chrono::steady_clock::now();
		std::string g = galley(text);
		tcld += std::chrono::duration<double>(t1 - t0).count();
		tcat += std::chrono::duration<double>(t2 - t1).count();
		bytes += text.size();
		docs++;
		for (const std::string &k : {set + " " + lang, set, std::string("all")}) {
			tally &s = per[k];
			s.n++;
			s.cld += a == lang;
			s.gal += g == lang;
			s.cat += b == lang;
		}
		if (a != lang || b != lang)
			std::printf("miss %-8s %-3s cld2=%-4s textcat=%-4s %.60s\n", set.c_str(),
			            lang.c_str(), a.c_str(), b.c_str(), text.c_str());
	}
	std::printf("%-12s %5s %8s %8s %8s\n", "set", "docs", "cld2", "galley", "textcat");
	for (auto &[k, s] : per)
		std::printf("%-12s %5d %7.1f%% %7.1f%% %7.1f%%\n", k.c_str(), s.n, 100.0 * s.cld / s.n,
		            100.0 * s.gal / s.n, 100.0 * s.cat / s.n);
	std::printf("time per document: cld2 %.1f us, textcat %.1f us (%zu documents, %.0f bytes "
	            "on average)\n",
	            1e6 * tcld / docs, 1e6 * tcat / docs, docs, (double)bytes / docs);
	textcat_Done(tc);
	return 0;
}
