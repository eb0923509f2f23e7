//! The Thai and Traditional Chinese books in a real browser: a lab chapter of each is
//! built with mdbook and opened from file:// in headless Chromium, which draws every
//! distinct letter of the page's script in the page's own font on a canvas. Where no
//! installed font has the script, each letter comes out as the same missing-glyph box
//! ("tofu"), so the test asks for as many different pictures as letters, none blank; two
//! private-use characters, which no font draws, must come out the same, proving the probe
//! can see tofu. It also follows the language picker from each book to the others.
//! A screenshot of each page is left in the test's target folder for a human to look at.
//!
//! Skipped (with a note) where Chromium, mdbook or mdbook-gettext is missing, or a PO file
//! (`docs/po/LANG.po`) is not there yet; `docs/check.sh` fails on a missing PO file.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::browser::{chromium, dump_dom, run};

/// The page looked at: a lab chapter every translation must cover.
const PAGE: &str = "labs/09-tcp-echo.html";

/// Draws each distinct letter of the page's script (base letters: Thai consonants, CJK
/// ideographs) in the font of the page's text, and writes what it saw into the page.
const PROBE: &str = r##"<script>
(function () {
    const scripts = { "th": /[\u0E01-\u0E2E]/g, "zh-TW": /[\u4E00-\u9FFF]/g };
    const lang = document.documentElement.lang;
    const main = document.querySelector("main");
    const letters = [...new Set(main.innerText.match(scripts[lang]) || [])].slice(0, 40);
    const family = getComputedStyle(main.querySelector("p") || main).fontFamily;
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 64;
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    function picture(text) {
        ctx.clearRect(0, 0, 64, 64);
        ctx.font = "40px " + family;
        ctx.textBaseline = "top";
        ctx.fillText(text, 8, 8);
        const alpha = ctx.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3);
        return { key: alpha.join(","), ink: alpha.some((a) => a > 0) };
    }
    const pictures = letters.map(picture);
    const tofu = [picture("\uE000"), picture("\uE001")];
    const picker = [...document.querySelectorAll("#language-picker option")]
        .map((o) => o.lang + "=" + o.value);
    const result = {
        lang: lang,
        family: family,
        letters: letters.join(""),
        distinct: new Set(pictures.map((p) => p.key)).size,
        blank: pictures.filter((p) => !p.ink).length,
        controlSame: tofu[0].key === tofu[1].key,
        picker: picker,
    };
    const out = document.createElement("pre");
    out.id = "font-probe";
    out.textContent = JSON.stringify(result);
    document.body.appendChild(out);
})();
</script>"##;

pub(crate) fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
}

/// Builds the book in `language` ("en" for the English source) under `root`, as
/// docs/check.sh lays it out: English at the root, translations in sub-folders.
fn build(docs: &Path, root: &Path, language: &str) {
    let out = if language == "en" {
        root.to_path_buf()
    } else {
        root.join(language)
    };
    let status = Command::new("mdbook")
        .args(["build", "-d"])
        .arg(&out)
        .arg(docs)
        .env("MDBOOK_BOOK__LANGUAGE", language)
        .output()
        .expect("run mdbook");
    assert!(
        status.status.success(),
        "mdbook build ({language}): {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

fn probe(dom: &str) -> serde_json::Value {
    let start = dom.find("<pre id=\"font-probe\">").expect("the probe ran") + 21;
    let end = start + dom[start..].find("</pre>").unwrap();
    let json = dom[start..end]
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    serde_json::from_str(&json).expect("the probe's JSON")
}

#[test]
fn thai_and_chinese_pages_show_their_script() {
    let (Some(browser), true, true) = (chromium(), on_path("mdbook"), on_path("mdbook-gettext"))
    else {
        eprintln!("SKIPPED: needs chromium, mdbook and mdbook-gettext on PATH");
        return;
    };
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let languages: Vec<&str> = ["th", "zh-TW"]
        .into_iter()
        .filter(|lang| docs.join(format!("po/{lang}.po")).is_file())
        .collect();
    if languages.is_empty() {
        eprintln!("SKIPPED: no docs/po/th.po or docs/po/zh-TW.po yet");
        return;
    }
    let root: PathBuf =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("book-fonts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    build(&docs, &root, "en");
    for language in &languages {
        build(&docs, &root, language);
    }
    for language in languages {
        let page = root.join(language).join(PAGE);
        let html = std::fs::read_to_string(&page).unwrap();
        std::fs::write(&page, html.replace("</body>", &format!("{PROBE}</body>"))).unwrap();
        let url = format!("file://{}", page.display());
        let profile = root.join(format!("profile-{language}"));
        let found = probe(&dump_dom(&browser, &url, &profile));
        let letters = found["letters"].as_str().unwrap().chars().count() as u64;
        assert!(
            letters >= 20,
            "{language}: too few letters of its script on {PAGE}: {found}"
        );
        assert_eq!(
            found["controlSame"], true,
            "the probe cannot see tofu: {found}"
        );
        assert_eq!(
            found["blank"], 0,
            "{language}: letters drawn blank: {found}"
        );
        assert_eq!(
            found["distinct"], letters,
            "{language}: letters drawn alike, missing-glyph boxes (fonts-thai-tlwg, fonts-noto-cjk): {found}"
        );
        // The picker leads to the same page in every language, each a file that exists.
        let picker: Vec<&str> = found["picker"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_str().unwrap())
            .collect();
        assert_eq!(picker.len(), 3, "{found}");
        for option in picker {
            let (code, target) = option.split_once('=').unwrap();
            let expected = if code == "en" {
                root.join(PAGE)
            } else {
                root.join(code).join(PAGE)
            };
            assert_eq!(target, format!("file://{}", expected.display()), "{option}");
        }
        let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("book-{language}.png"));
        run(
            &browser,
            &profile,
            &[
                "--window-size=1100,900",
                &format!("--screenshot={}", shot.display()),
                &url,
            ],
        );
        assert!(shot.is_file(), "no screenshot at {}", shot.display());
        println!(
            "{language}: {letters} letters, all distinct; screenshot {}",
            shot.display()
        );
    }
    std::fs::remove_dir_all(&root).unwrap();
}
