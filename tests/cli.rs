//! End-to-end tests of the `polyprep` binary: inputs, output schema, bad input, exit codes.

use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn polyprep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_polyprep"))
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn lines(output: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn run(args: &[&str]) -> Output {
    polyprep().args(args).output().expect("the binary runs")
}

fn run_with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = polyprep()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn runs_the_sample_corpus_with_every_record_accounted_for() {
    let seeds = repo("sample/seeds");
    let jsonl = repo("sample/multilingual.jsonl");
    let out = run(&[
        "run",
        "-q",
        seeds.to_str().unwrap(),
        jsonl.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let records = lines(&out.stdout);
    let jsonl_lines = std::fs::read_to_string(&jsonl).unwrap().lines().count();
    assert_eq!(records.len(), 5 + jsonl_lines);
    // Directory files come sorted, with their path relative to the directory as id.
    assert_eq!(records[0]["id"], "000_f15029a5649e6a24.txt");
    assert_eq!(records[5]["id"], "uk-1");
    for record in &records {
        assert_eq!(record["status"], "ok", "{record}");
        assert!(record["text"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(record["language"]["lang"].is_string());
    }
    let by_id = |id: &str| records.iter().find(|r| r["id"] == id).unwrap();
    assert_eq!(by_id("uk-1")["language"]["lang"], "ukr");
    assert_eq!(by_id("de-1")["language"]["lang"], "deu");
    assert_eq!(by_id("ko-1")["language"]["lang"], "kor");
    // JSONL fields other than id and text are carried over as metadata.
    assert_eq!(by_id("fr-1")["metadata"]["outlet"], "sample");
    // Mojibake is repaired.
    assert!(by_id("mojibake-en")["text"]
        .as_str()
        .unwrap()
        .contains("government’s"));
}

#[test]
fn offsets_point_into_the_original_in_bytes_and_chars() {
    let seeds = repo("sample/seeds");
    let out = run(&["run", "-q", "--include-original", seeds.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut checked = 0;
    for record in lines(&out.stdout) {
        let original = record["original"].as_str().unwrap();
        let chars: Vec<char> = original.chars().collect();
        for key in ["removed", "language_spans", "normalizations"] {
            for span in record[key].as_array().into_iter().flatten() {
                let (start, end) = (
                    span["start"].as_u64().unwrap() as usize,
                    span["end"].as_u64().unwrap() as usize,
                );
                let (cs, ce) = (
                    span["char_start"].as_u64().unwrap() as usize,
                    span["char_end"].as_u64().unwrap() as usize,
                );
                let by_bytes = original
                    .get(start..end)
                    .expect("byte span on char boundaries");
                let by_chars: String = chars[cs..ce].iter().collect();
                assert_eq!(by_bytes, by_chars);
                checked += 1;
            }
        }
    }
    assert!(checked > 10, "only {checked} spans");
}

#[test]
fn bad_records_become_error_records_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.jsonl");
    let mut file = std::fs::File::create(&path).unwrap();
    file.write_all(b"{\"id\": \"good\", \"text\": \"Kyiv is the capital of Ukraine.\"}\n")
        .unwrap();
    file.write_all(b"{\"id\": \"broken\", \"text\": \n")
        .unwrap();
    file.write_all(b"{\"id\": \"no-text\", \"body\": \"x\"}\n")
        .unwrap();
    file.write_all(b"[1, 2]\n").unwrap();
    file.write_all(b"\n").unwrap(); // blank lines are not records
    file.write_all(b"{\"id\": 7, \"text\": \"caf\xe9 latin-1 byte\"}\n")
        .unwrap();
    file.write_all(b"{\"text\": 3}\n").unwrap();
    drop(file);
    let missing = dir.path().join("missing.txt");
    let out = run(&[
        "run",
        "-q",
        path.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let records = lines(&out.stdout);
    assert_eq!(records.len(), 7, "six JSONL records and the missing file");
    let status: Vec<&str> = records
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        status,
        ["ok", "error", "error", "error", "ok", "error", "error"]
    );
    let name = path.display().to_string();
    assert_eq!(records[1]["record"], format!("{name}:2"));
    assert!(records[1]["error"]
        .as_str()
        .unwrap()
        .contains("malformed JSON"));
    assert_eq!(records[2]["id"], "no-text");
    assert!(records[2]["error"]
        .as_str()
        .unwrap()
        .contains("--text-field"));
    assert!(records[3]["error"]
        .as_str()
        .unwrap()
        .contains("not an object"));
    // Invalid UTF-8 is replaced, with a warning naming file and line.
    assert_eq!(records[4]["id"], "7");
    assert!(records[4]["text"].as_str().unwrap().contains('\u{FFFD}'));
    assert!(records[4]["warnings"][0]["message"]
        .as_str()
        .unwrap()
        .contains(&format!("{name}:6")));
    assert!(records[5]["error"]
        .as_str()
        .unwrap()
        .contains("must be a string"));
    assert!(records[6]["record"]
        .as_str()
        .unwrap()
        .contains("missing.txt"));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{name}:2")) && err.contains("missing.txt"),
        "{err}"
    );

    // --strict rejects the invalid UTF-8 record; --errors moves error records to their own file.
    let errors = dir.path().join("errors.jsonl");
    let out = run(&[
        "run",
        "-q",
        "--strict",
        "--errors",
        errors.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let ok = lines(&out.stdout);
    let failed = lines(&std::fs::read(&errors).unwrap());
    assert_eq!(ok.len() + failed.len(), 6);
    assert_eq!(ok.len(), 1);
    assert!(failed
        .iter()
        .any(|r| r["error"].as_str().unwrap().contains("invalid UTF-8")));
}

#[test]
fn reads_jsonl_and_plain_text_from_stdin_with_custom_fields() {
    let out = run_with_stdin(
        &["clean", "-q", "--text-field", "body", "--id-field", "key"],
        "{\"key\": \"a\", \"body\": \"Kiev  is\\r\\nbig.\"}\n",
    );
    assert!(out.status.success());
    let records = lines(&out.stdout);
    assert_eq!(records[0]["id"], "a");
    assert_eq!(records[0]["text"], "Kiev is\nbig.");
    assert!(
        records[0].get("language").is_none(),
        "clean runs no language detection"
    );

    let out = run_with_stdin(
        &["langid", "-q", "--format", "text"],
        "Das ist ein kurzer deutscher Text über das Wetter in Berlin.",
    );
    assert!(out.status.success());
    let records = lines(&out.stdout);
    assert_eq!(records[0]["id"], "<stdin>");
    assert_eq!(records[0]["language"]["lang"], "deu");
}

#[test]
fn empty_and_ten_megabyte_documents_work() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    let paragraph =
        "North Korean troops entered eastern Russia earlier this month, officials said.\n\n";
    std::fs::write(
        dir.path().join("big.txt"),
        paragraph.repeat(10_000_000 / paragraph.len() + 1),
    )
    .unwrap();
    let out = run(&["run", "-q", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let records = lines(&out.stdout);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["id"], "big.txt");
    assert_eq!(records[1]["id"], "empty.txt");
    assert_eq!(records[1]["text"], "");
    assert_eq!(records[1]["language"]["lang"], "und");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let seeds = repo("sample/seeds");
    let mut child = polyprep()
        .args([
            "run",
            "-q",
            seeds.to_str().unwrap(),
            seeds.to_str().unwrap(),
            seeds.to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then the pipe closes
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("error"), "{}", stderr(&out));
}

#[test]
fn usage_and_setup_errors_exit_2() {
    let out = run(&["run", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("pipeline.json");
    std::fs::write(&config, "{\"clean\": {\"no_such_option\": 1}}").unwrap();
    let out = run(&["run", "--config", config.to_str().unwrap(), "-"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("pipeline.json"), "{}", stderr(&out));
    let out = run(&[
        "run",
        "--rules",
        dir.path().join("nope.json").to_str().unwrap(),
        "-",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.json"), "{}", stderr(&out));
    let out = run(&["run", "--allow", "xx", "-"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn flags_of_a_stage_the_command_skips_are_refused_by_name() {
    let cases: [(&[&str], &str); 5] = [
        (
            &["ner", "--fold-typography", "-"],
            "--fold-typography only affects cleaning, which `polyprep ner` does not run",
        ),
        (
            &["langid", "--nfkc", "--keep-boilerplate", "-"],
            "--keep-boilerplate, --nfkc only affect cleaning",
        ),
        (
            &["clean", "--o-bias", "1", "-"],
            "--o-bias only affects named-entity recognition",
        ),
        (
            &["run", "--no-ner", "--model", "m", "-"],
            "--model only affects named-entity recognition, which --no-ner leaves out",
        ),
        (
            &["run", "--no-normalize", "--profile", "official", "-"],
            "which --no-normalize leaves out",
        ),
    ];
    for (args, message) in cases {
        let out = run_with_stdin(args, "{\"text\": \"Kiev\"}\n");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}: nothing is processed");
    }
    // Flags of the stages a command runs, or needs, still work.
    let out = run_with_stdin(
        &[
            "normalize",
            "-q",
            "--allow",
            "eng",
            "--profile",
            "official",
            "-",
        ],
        "{\"text\": \"Kiev\"}\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(lines(&out.stdout)[0]["text"], "Kyiv");
}

#[test]
fn keep_boilerplate_flags_without_removing() {
    let seeds = repo("sample/seeds");
    let file = seeds.join("001_274ee2d29b0dfeef.txt");
    let out = run(&["clean", "-q", "--keep-boilerplate", file.to_str().unwrap()]);
    assert!(out.status.success());
    let record = &lines(&out.stdout)[0];
    assert!(record["text"].as_str().unwrap().contains("Read more"));
    let flagged = record["removed"].as_array().unwrap();
    assert!(flagged
        .iter()
        .any(|r| r["text"] == "Read more" && r["removed"] == false));
    let out = run(&["clean", "-q", file.to_str().unwrap()]);
    let record = &lines(&out.stdout)[0];
    assert!(!record["text"].as_str().unwrap().contains("Read more"));
}

#[test]
fn run_finds_entities_with_offsets_into_the_original() {
    let file = repo("sample/seeds/001_274ee2d29b0dfeef.txt");
    let out = run(&["run", "-q", "--include-original", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let record = &lines(&out.stdout)[0];
    let original = record["original"].as_str().unwrap();
    let entities = record["entities"].as_array().expect("entities");
    for entity in entities {
        let (start, end) = (
            entity["start"].as_u64().unwrap() as usize,
            entity["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&original[start..end], entity["text"].as_str().unwrap());
    }
    let has = |label: &str, text: &str| {
        entities
            .iter()
            .any(|e| e["label"] == label && e["text"] == text)
    };
    assert!(has("PER", "John Kirby"), "{entities:?}");
    assert!(has("PER", "Dmitry Peskov"));
    assert!(has("LOC", "Pyongyang"));
    // `--no-ner` leaves the stage out; `clean` never runs it.
    let out = run(&["run", "-q", "--no-ner", file.to_str().unwrap()]);
    assert!(lines(&out.stdout)[0].get("entities").is_none());
}

#[test]
fn ner_setup_problems_are_setup_errors_that_say_what_to_do() {
    let file = repo("sample/seeds/001_274ee2d29b0dfeef.txt");
    let out = run(&[
        "ner",
        "-q",
        "--ort-lib",
        "/nonexistent/libonnxruntime.so",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("scripts/setup-onnxruntime.sh"),
        "{}",
        stderr(&out)
    );
    let empty = tempfile::tempdir().unwrap();
    let out = run(&[
        "ner",
        "-q",
        "--model",
        empty.path().to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("config.json"), "{}", stderr(&out));
}

#[test]
fn eval_and_bench_ner_print_their_figures() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("tiny.tsv");
    std::fs::write(
        &data,
        "John\tB-PER\nKirby\tI-PER\nvisited\tO\nSeoul\tB-LOC\n.\tO\n\nNATO\tB-ORG\nmet\tO\n.\tO\n",
    )
    .unwrap();
    let out = run(&["eval", "ner", "--data", data.to_str().unwrap(), "--raw"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("| tiny | words | 2 |") && table.contains("| tiny | raw text | 2 |"),
        "{table}"
    );

    let corpus = dir.path().join("corpus.txt");
    let out = run(&[
        "bench",
        "ner",
        "--size",
        "3000",
        "--json",
        "--write-corpus",
        corpus.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let written = std::fs::read_to_string(&corpus).unwrap();
    assert_eq!(
        report["sentences"].as_u64().unwrap() as usize,
        written.lines().count()
    );
    assert!(report["tokens_per_second"].as_f64().unwrap() > 0.0);
    assert!(report["session_share"].as_f64().unwrap() > 0.0);
}

#[test]
fn normalize_rewrites_the_seed_variants_and_reports_each_change() {
    let seeds = repo("sample/seeds");
    let out = run(&[
        "normalize",
        "-q",
        "--include-original",
        seeds.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut applied = Vec::new();
    for record in lines(&out.stdout) {
        let text = record["text"].as_str().unwrap();
        let original = record["original"].as_str().unwrap();
        assert!(
            !text.contains("Kiev") && !text.contains("Zelenksy"),
            "{text}"
        );
        assert_eq!(
            original.matches("Vladimir Putin").count(),
            text.matches("Vladimir Putin").count()
        );
        for change in record["normalizations"].as_array().into_iter().flatten() {
            let (start, end) = (
                change["start"].as_u64().unwrap() as usize,
                change["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&original[start..end], change["text"].as_str().unwrap());
            if change["applied"] == true {
                applied.push(format!("{} -> {}", change["text"], change["canonical"]));
            }
        }
    }
    applied.sort();
    assert_eq!(
        applied,
        [
            "\"Kiev\" -> \"Kyiv\"",
            "\"Kiev\" -> \"Kyiv\"",
            "\"Kiev\" -> \"Kyiv\"",
            "\"Vladimir Zelensky\" -> \"Volodymyr Zelensky\"",
            "\"Zelenksy\" -> \"Zelensky\"",
            "\"Zelenksy\" -> \"Zelensky\"",
            "\"Zelenksy\" -> \"Zelensky\"",
        ]
    );
}

#[test]
fn normalize_options_choose_profile_mode_and_schemes() {
    let input = "{\"id\": \"ru\", \"text\": \"Юлия Зеленская приехала в Киев. Zelenskyy\"}\n";
    let text_of = |args: &[&str]| -> String {
        let out = run_with_stdin(args, input);
        assert!(out.status.success(), "{}", stderr(&out));
        lines(&out.stdout)[0]["text"].as_str().unwrap().to_string()
    };
    let default = text_of(&["normalize", "-q", "-"]);
    assert!(
        default.starts_with("Yuliya ")
            && default.contains(" v Kyiv.")
            && default.ends_with("Zelensky"),
        "{default}"
    );
    let official = text_of(&["normalize", "-q", "--profile", "official", "-"]);
    assert!(official.ends_with("Zelenskyy"), "{official}");
    let icao = text_of(&["normalize", "-q", "--scheme", "rus=icao_doc_9303", "-"]);
    assert!(icao.starts_with("Iuliia "), "{icao}");
    let kept = text_of(&["normalize", "-q", "--no-transliterate", "-"]);
    assert!(kept.starts_with("Юлия") && kept.contains("Киев"), "{kept}");
    let annotated = run_with_stdin(&["normalize", "-q", "--annotate-only", "-"], input);
    let record = &lines(&annotated.stdout)[0];
    assert!(record["text"].as_str().unwrap().starts_with("Юлия"));
    assert!(record["normalizations"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["applied"] == false));
}

#[test]
fn normalize_setup_errors_name_the_scheme_or_the_gazetteer_line() {
    let out = run(&["normalize", "--scheme", "rus=nope", "-"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nope") && stderr(&out).contains("bgn_pcgn"),
        "{}",
        stderr(&out)
    );
    let dir = tempfile::tempdir().unwrap();
    let gazetteer = dir.path().join("mine.tsv");
    std::fs::write(&gazetteer, "id\ttype\tcanonical\n").unwrap();
    let out = run(&["normalize", "--gazetteer", gazetteer.to_str().unwrap(), "-"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("mine.tsv:1"), "{}", stderr(&out));
}

#[test]
fn variants_finds_unlisted_spellings_and_its_gazetteer_feeds_back() {
    let seeds = repo("sample/seeds");
    let dir = tempfile::tempdir().unwrap();
    let found = dir.path().join("found.tsv");
    let out = run(&[
        "variants",
        "-q",
        "--no-ner",
        "--no-default-gazetteer",
        seeds.to_str().unwrap(),
        "-o",
        found.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let tsv = std::fs::read_to_string(&found).unwrap();
    let zelensky = tsv
        .lines()
        .find(|l| l.starts_with("zelensky\t"))
        .unwrap_or_else(|| panic!("no Zelensky cluster in\n{tsv}"));
    assert!(
        zelensky.contains("\tZelensky\t") && zelensky.contains("Zelenksy"),
        "{zelensky}"
    );
    // Fed back as the only gazetteer, it normalizes the typo everywhere.
    let out = run_with_stdin(
        &[
            "normalize",
            "-q",
            "--no-default-gazetteer",
            "--gazetteer",
            found.to_str().unwrap(),
            "-",
        ],
        "{\"id\": \"a\", \"text\": \"Zelenksy spoke.\"}\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(lines(&out.stdout)[0]["text"], "Zelensky spoke.");
    // JSON lists each cluster's members with counts and the keys that linked them; bad records
    // are reported and make the exit status 1.
    let out = run_with_stdin(
        &["variants", "--no-ner", "--output-format", "json", "-"],
        "{\"id\": \"a\", \"text\": \"President Zelensky and President Zelenksy.\"}\nnot json\n",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("<stdin>:2"), "{}", stderr(&out));
    let clusters: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        clusters.as_array().is_some_and(|c| !c.is_empty()),
        "{clusters}"
    );
}

#[test]
fn eval_translit_prints_every_scheme_and_the_kmu_comparison() {
    let examples = repo("crates/translit/schemes/sources/kmu2010_official_examples.tsv");
    let out = run(&[
        "eval",
        "translit",
        "--kmu-examples",
        examples.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("uk_kmu_2010            Ukrainian    76/76"),
        "{report}"
    );
    assert!(
        report.contains("bgn_pcgn               Russian      26/26"),
        "{report}"
    );
    assert!(
        report.contains("polyprep 76/76, any_ascii 21/76"),
        "{report}"
    );
}

fn dedup_corpus(dir: &Path) -> PathBuf {
    let base =
        "The quick brown fox jumps over the lazy dog near the river bank on a sunny day in May";
    let lines = [
        format!("{{\"id\": \"d0\", \"text\": \"{base}.\", \"score\": 1}}"),
        format!("{{\"id\": \"d1\", \"text\": \"{base}!\", \"score\": 5}}"),
        "{\"id\": \"d2\", \"text\": \"North Korean troops arrived in the Kursk region this week, officials said.\"}".to_string(),
        format!("{{\"id\": \"d3\", \"text\": \"{}\"}}", base.replace("May", "June")),
        "{\"id\": \"bad\"}".to_string(),
    ];
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

#[test]
fn dedup_keeps_one_per_cluster_and_accounts_for_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dedup_corpus(dir.path());
    let out = run(&["dedup", "-q", "--drop", corpus.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let records = lines(&out.stdout);
    let status: Vec<(&str, &str)> = records
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        status,
        [
            ("d0", "ok"),
            ("d1", "duplicate"),
            ("d2", "ok"),
            ("d3", "duplicate"),
            ("bad", "error")
        ]
    );
    assert_eq!(records[1]["duplicate_of"], "d0");
    assert_eq!(records[1]["exact"], true);
    let near = records[3]["similarity"].as_f64().unwrap();
    assert!((0.8..1.0).contains(&near), "{near}");
    assert_eq!(records[0]["duplicate"]["kept"], true);
    assert!(records[2].get("duplicate").is_none());
    // Keep the highest score instead: d1 stays, d0 and d3 go.
    let out = run(&[
        "dedup",
        "-q",
        "--drop",
        "--keep",
        "field:score",
        corpus.to_str().unwrap(),
    ]);
    let kept: Vec<String> = lines(&out.stdout)
        .iter()
        .filter(|r| r["status"] == "ok")
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kept, ["d1", "d2"]);
    // `run --dedup` annotates and keeps everything.
    let out = run(&["run", "-q", "--no-ner", "--dedup", corpus.to_str().unwrap()]);
    let records = lines(&out.stdout);
    assert_eq!(records.len(), 5);
    assert_eq!(records[3]["duplicate"]["representative"], "d0");
    assert_eq!(records[3]["status"], "ok");
}

#[test]
fn dedup_on_the_seeds_flags_nothing_and_refuses_stdin() {
    let seeds = repo("sample/seeds");
    let out = run(&["dedup", "--s-curve", seeds.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(lines(&out.stdout)
        .iter()
        .all(|r| r.get("duplicate").is_none()));
    let err = stderr(&out);
    assert!(
        err.contains("9 bands x 13 rows") && err.contains("0.80        0.3988"),
        "{err}"
    );
    let out = run_with_stdin(&["dedup", "-"], "{\"text\": \"x\"}\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("reads its inputs twice"),
        "{}",
        stderr(&out)
    );
    let out = run(&["dedup", "--drop", "--keep", "best", seeds.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bench_dedup_prints_speed_memory_precision_and_recall() {
    let lingua = repo("../shared/data/langid/lingua-testdata");
    if !lingua.is_dir() {
        eprintln!("skipped: {} is absent", lingua.display());
        return;
    }
    let out = run(&[
        "bench",
        "dedup",
        "--docs",
        "2000",
        "--lingua-dir",
        lingua.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = String::from_utf8_lossy(&out.stdout);
    for figure in ["documents/s", "peak RSS", "precision", "recall"] {
        assert!(report.contains(figure), "{figure} missing from\n{report}");
    }
}

#[test]
fn report_on_the_seeds_ranks_the_rewrite_and_finds_the_shared_quotes() {
    let seeds = repo("sample/seeds");
    let out = run(&[
        "report",
        "-q",
        "--no-ner",
        "--output-format",
        "json",
        seeds.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["totals"]["documents"], 5);
    let duplicates = &report["duplicates"];
    assert_eq!(
        duplicates["clusters"], 0,
        "no pair of the seeds is a near-duplicate"
    );
    let best = &duplicates["similar_pairs"][0];
    assert_eq!(
        (
            best["a_id"].as_str().unwrap(),
            best["b_id"].as_str().unwrap()
        ),
        ("000_f15029a5649e6a24.txt", "001_274ee2d29b0dfeef.txt")
    );
    let passages = report["passages"]["shown"].as_array().unwrap();
    let docs_of = |p: &Value| -> Vec<String> {
        p["occurrences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["doc_id"].as_str().unwrap()[..3].to_string())
            .collect()
    };
    let kirby = passages
        .iter()
        .find(|p| {
            p["text"]
                .as_str()
                .unwrap()
                .contains("could travel to western Russia and then engage in combat against the Ukrainian military")
        })
        .expect("the Kirby sentence 001 and 002 share");
    assert_eq!(kirby["verbatim"], true);
    assert_eq!(docs_of(kirby), ["001", "002"]);
    let fair_targets = passages
        .iter()
        .find(|p| p["text"].as_str().unwrap().contains("fair targets"))
        .expect("the two transcriptions of the fair-targets quote");
    assert_eq!(fair_targets["verbatim"], false);
    assert_eq!(docs_of(fair_targets), ["003", "004"]);
    // The page is self-contained; standard input needs --no-dedup.
    let out = run(&["report", "-q", "--no-ner", seeds.to_str().unwrap()]);
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(html.contains("<svg") && !html.contains("http://") && !html.contains("https://"));
    let out = run_with_stdin(&["report", "-q", "--no-ner", "-"], "{\"text\": \"x\"}\n");
    assert_eq!(out.status.code(), Some(2));
    let out = run_with_stdin(
        &[
            "report",
            "-q",
            "--no-ner",
            "--no-dedup",
            "--output-format",
            "json",
            "-",
        ],
        "{\"text\": \"Kyiv said so.\"}\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
}
