//! The grader speaking Thai and Chinese: `--lang` and the locale pick the language, the
//! table, `check`'s details and `list` use it (keeping columns aligned by display width),
//! and what quotes the wire stays as it was.

use assert_cmd::Command;
use predicates::prelude::*;

use grader::i18n::{self, Language};
use grader::outcome::{Outcome, Status};
use grader::report::{Report, details, gradescope, table, table::Style};

fn grader() -> Command {
    let mut grader = Command::cargo_bin("grader").expect("the grader binary is built");
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        grader.env_remove(name);
    }
    grader
}

#[test]
fn lang_option_and_locale_choose_the_language() {
    let thai = predicate::str::contains("tcp-echo (09-tcp-echo, 12 เช็ก");
    grader()
        .args(["--lang", "th", "list", "tcp-echo"])
        .assert()
        .success()
        .stdout(thai.and(predicate::str::contains("ไคลเอนต์")));
    grader()
        .args(["list", "tcp-echo"])
        .env("LANG", "zh_TW.UTF-8")
        .assert()
        .success()
        .stdout(predicate::str::contains("項檢查"));
    // LC_ALL outranks LANG, and an unknown locale falls back to English.
    grader()
        .args(["list", "tcp-echo"])
        .env("LANG", "th_TH.UTF-8")
        .env("LC_ALL", "de_DE.UTF-8")
        .assert()
        .success()
        .stdout(predicate::str::contains("12 checks"));
    grader()
        .args(["list", "--lang", "fr"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("en, th and zh-TW"));
}

fn outcome(name: &str, status: Status, reason: Option<&str>) -> Outcome {
    Outcome {
        id: format!("tcp-echo/{name}"),
        lab: "tcp-echo".to_string(),
        name: name.to_string(),
        description: "English description".to_string(),
        hint: "English hint".to_string(),
        status,
        score: if status == Status::Passed { 2 } else { 0 },
        max_score: 2,
        reason: reason.map(str::to_string),
        diff: None,
        transcript: Vec::new(),
        outputs: Vec::new(),
        elapsed_ms: 1.0,
        required_wait_ms: 0.0,
    }
}

#[test]
fn reports_speak_thai_and_keep_the_wire_as_it_was() {
    i18n::choose(Language::Th);
    let wire = "expected b\"hello\\n\", got b\"hel\" from 127.0.0.1:4000";
    let report = Report::new(
        vec![
            outcome("server-hello", Status::Passed, None),
            outcome("client-trickle", Status::Failed, Some(wire)),
        ],
        1500.0,
        String::new(),
    );
    let text = table::render(&report, &Style::plain());
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].contains("แล็บ") && lines[0].contains("คะแนน"),
        "{text}"
    );
    // Headings and rows line up on a terminal: the same display width.
    let width =
        |line: &str| unicode_width::UnicodeWidthStr::width(line.trim_end_matches('✗').trim_end());
    assert_eq!(width(lines[0]), width(lines[1]), "{text}");
    assert!(
        text.contains(&format!("   ตก tcp-echo/client-trickle: {wire}")),
        "{text}"
    );
    assert!(text.contains("รวม 2/4 คะแนน (50%) ใน 1.50 วินาที"), "{text}");

    let details = details::render(&report, &Style::plain(), false);
    assert!(
        details.contains("คำใบ้: read หนึ่งครั้งไม่ใช่ทั้งข้อความ"),
        "{details}"
    );
    assert!(
        details.contains("เซิร์ฟเวอร์ที่ส่งกลับเป็นชิ้นละ 1-3 ไบต์"),
        "{details}"
    );
    assert!(details.contains(wire), "{details}");
    assert!(!details.contains("English"), "{details}");

    // Gradescope: visible text in Thai, the machine fields as they were.
    let results: serde_json::Value = serde_json::from_str(&gradescope::render(&report)).unwrap();
    let failed = &results["tests"][1];
    assert_eq!(failed["name"], "tcp-echo/client-trickle");
    assert_eq!(failed["status"], "failed");
    let output = failed["output"].as_str().unwrap();
    assert!(
        output.contains("คำใบ้: read หนึ่งครั้ง") && output.contains(wire),
        "{output}"
    );

    // status and watch: progress words padded by display width, the next step in Thai.
    let status = grader::report::status::render(&report, &Style::plain());
    assert!(
        status.contains("✗ tcp-echo  ยังไม่ผ่าน           ["),
        "{status}"
    );
    assert!(status.contains("เสร็จ 0 จาก 1 แล็บ, 2/4 คะแนน"), "{status}");
    assert!(status.contains("ถัดไป: tcp-echo"), "{status}");
    let screen = grader::watch::screen(
        &report,
        &Style::plain(),
        &["tcp-echo"],
        std::time::Duration::from_millis(1500),
    );
    assert!(screen.contains("ถัดไป: tcp-echo/client-trickle"), "{screen}");
    assert!(screen.contains("ตรวจ tcp-echo ใน 1.5 วินาที"), "{screen}");
}

#[test]
fn the_gradescope_bundle_grades_in_the_language_it_was_exported_with() {
    let zip_path = std::env::temp_dir().join(format!("netlabs-lang-{}.zip", std::process::id()));
    grader()
        .args(["--lang", "zh-TW", "export", "gradescope", "--out"])
        .arg(&zip_path)
        .assert()
        .success();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let mut script = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("run_autograder").unwrap(), &mut script)
        .unwrap();
    std::fs::remove_file(&zip_path).unwrap();
    assert!(
        script.contains(r#""$GRADER" --lang zh-TW grade "#),
        "{script}"
    );
}
