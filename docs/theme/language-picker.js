// The language picker: a menu in the bar of every page that opens the same page in the
// English, Thai or Traditional Chinese book. The English book is at the root of the site
// and each translation in a sub-folder named after its language (th/, zh-TW/), so every
// link is relative and works from file:// and from any folder a book is served under.
(function () {
    "use strict";
    const LANGUAGES = [
        ["en", "English"],
        ["th", "ไทย"],
        ["zh-TW", "繁體中文"],
    ];
    const current = document.documentElement.lang || "en";
    // This book's root, then the English book's root (translations sit one folder down).
    const root = new URL(path_to_root || "./", window.location.href);
    const englishRoot = current === "en" ? root : new URL("../", root);
    const here = window.location.href.split(/[?#]/)[0];
    const page = here.startsWith(root.href) ? here.slice(root.href.length) : "";

    const select = document.createElement("select");
    select.id = "language-picker";
    select.setAttribute("aria-label", "Language");
    select.title = "Language";
    for (const [code, name] of LANGUAGES) {
        const option = document.createElement("option");
        option.value = new URL((code === "en" ? "" : code + "/") + page, englishRoot).href;
        option.textContent = name;
        option.lang = code;
        option.selected = code === current;
        select.appendChild(option);
    }
    select.addEventListener("change", () => {
        window.location.href = select.value;
    });
    const buttons = document.querySelector(".right-buttons");
    if (buttons) {
        buttons.prepend(select);
    }
})();
