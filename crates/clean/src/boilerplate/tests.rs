//! Unit tests of the boilerplate rules and heuristics, positive and negative.

use super::*;
use proptest::prelude::*;

/// One remover for all tests: compiling the rule set's regexes is the slow part (in debug
/// builds), and a remover is meant to be built once and shared.
fn remover() -> &'static BoilerplateRemover {
    static REMOVER: std::sync::OnceLock<BoilerplateRemover> = std::sync::OnceLock::new();
    REMOVER.get_or_init(|| BoilerplateRemoverBuilder::new().build().unwrap())
}

fn keeper() -> &'static BoilerplateRemover {
    static KEEPER: std::sync::OnceLock<BoilerplateRemover> = std::sync::OnceLock::new();
    KEEPER.get_or_init(|| {
        BoilerplateRemoverBuilder::new()
            .with_keep(true)
            .build()
            .unwrap()
    })
}

fn clean(text: &str) -> Document {
    let mut doc = Document::new("t", text);
    remover().process(&mut doc).unwrap();
    doc
}

fn rules_of(doc: &Document) -> Vec<&str> {
    doc.annotations
        .removed
        .iter()
        .map(|r| r.rule.as_str())
        .collect()
}

/// Prose around the block under test, so language guessing and context behave as in an article.
const BEFORE: &str = "Kirby said that the United States does not know what kind of training these soldiers have received so far.";
const AFTER: &str = "He added that the soldiers could travel to western Russia and then engage in combat against the army.";

fn in_article(block: &str) -> String {
    format!("{BEFORE}\n\n{block}\n\n{AFTER}")
}

/// Asserts that `block` is removed by `rule` and nothing else changes.
fn assert_removed(block: &str, rule: &str) {
    let doc = clean(&in_article(block));
    assert_eq!(doc.text(), format!("{BEFORE}\n\n{AFTER}"), "{block:?}");
    assert_eq!(rules_of(&doc), [rule], "{block:?}");
    assert_eq!(doc.original_slice(doc.annotations.removed[0].span), block);
}

/// Asserts that `block` stays.
fn assert_kept(block: &str) {
    let text = in_article(block);
    let doc = clean(&text);
    assert_eq!(
        doc.text(),
        text,
        "{block:?} was removed: {:?}",
        doc.annotations.removed
    );
}

#[test]
fn datelines_drop_the_prefix_and_keep_metadata() {
    let doc = clean(" date 2024-10-27 (MENAFN) The ongoing tensions have taken a new turn, as officials said.\n\n\nMore text follows here, as the officials said.");
    assert!(
        doc.text().starts_with("The ongoing tensions"),
        "{}",
        doc.text()
    );
    assert_eq!(doc.metadata["dateline_date"], "2024-10-27");
    assert_eq!(doc.metadata["dateline_source"], "MENAFN");
    let r = &doc.annotations.removed[0];
    assert_eq!(
        (r.rule.as_str(), r.text.as_str()),
        ("dateline", "date 2024-10-27 (MENAFN)")
    );

    for (text, place, date, source, rest) in [
        (
            "KYIV, Oct 23 (Reuters) - Ukraine said on Wednesday that it was ready.",
            "KYIV",
            Some("Oct 23"),
            "Reuters",
            "Ukraine said",
        ),
        (
            "WASHINGTON (AP) — The White House said the troops were in Russia.",
            "WASHINGTON",
            None,
            "AP",
            "The White House",
        ),
        (
            "SEOUL, South Korea (AP) — South Korea said it was considering its options.",
            "SEOUL, South Korea",
            None,
            "AP",
            "South Korea said",
        ),
        (
            "KIEW, 23. Okt (Reuters) - Die Ukraine hat am Mittwoch erklärt, dass sie bereit sei.",
            "KIEW",
            Some("23. Okt"),
            "Reuters",
            "Die Ukraine",
        ),
    ] {
        let doc = clean(text);
        assert!(doc.text().starts_with(rest), "{text} -> {}", doc.text());
        assert_eq!(rules_of(&doc), ["dateline-wire"]);
        assert_eq!(doc.metadata["dateline_place"], place);
        assert_eq!(
            doc.metadata.get("dateline_date").and_then(|v| v.as_str()),
            date
        );
        assert_eq!(doc.metadata["dateline_source"], source);
    }
}

#[test]
fn sentences_that_look_like_datelines_stay() {
    assert_kept("The date 2024-10-27 (Sunday) was chosen by the organisers of the summit.");
    assert_kept("US officials (and their allies) - who spoke on condition of anonymity - said so.");
}

#[test]
fn credit_lines() {
    assert_removed("Mandatory credit: The White House", "credit-line");
    assert_removed("Photo credit: AFP", "credit-line");
    assert_removed("(Photo by Anna Moneymaker/Getty Images)", "credit-line");
    assert_kept("Credit Suisse shares fell five percent on Monday, the bank said.");
    assert_kept("The bank extended credit: a move that analysts called risky.");
}

#[test]
fn photo_captions() {
    assert_removed(
        "FILE PHOTO: US Defense Secretary Lloyd Austin.",
        "photo-caption",
    );
    assert_removed("Фото: Офіс президента", "photo-caption");
    assert_kept("Photos of the site showed heavy damage to the building.");
}

#[test]
fn page_chrome_and_share_bars() {
    for chrome in [
        "close",
        "Advertisement",
        "Skip to content",
        "Реклама",
        "Publicité",
        "Share this article",
    ] {
        assert_removed(chrome, "page-chrome");
    }
    assert_removed("Facebook Twitter WhatsApp Email", "social-share");
    assert_removed("Share on Facebook | Share on X", "social-share");
    assert_kept("Close to 3,000 soldiers arrived in eastern Russia this month.");
    assert_kept("Facebook said it had removed the posts on Tuesday.");
}

#[test]
fn read_more_takes_the_teaser_headline_past_a_caption() {
    let text = format!("{BEFORE}\n\nRead more\n\nFILE PHOTO: US Defense Secretary Lloyd Austin.\nPentagon believes North Korean troops are in Russia\n\n{AFTER}");
    let doc = clean(&text);
    assert_eq!(doc.text(), format!("{BEFORE}\n\n{AFTER}"));
    assert_eq!(rules_of(&doc), ["read-more", "photo-caption", "read-more"]);
    assert_eq!(
        doc.annotations.removed[2].text,
        "Pentagon believes North Korean troops are in Russia"
    );
}

#[test]
fn read_more_never_takes_a_sentence() {
    let text = format!("{BEFORE}\n\nRead more\n\n{AFTER}");
    let doc = clean(&text);
    assert_eq!(doc.text(), format!("{BEFORE}\n\n{AFTER}"));
    assert_eq!(rules_of(&doc), ["read-more"]);
    assert_kept("You can read more about it in the report that the ministry published.");
    assert_kept("Read more about it in our report, the editors said.");
}

#[test]
fn read_more_in_other_languages() {
    let uk = "Білий дім заявив у середу, що поки не зрозуміло, що саме ці солдати роблять у Росії.\n\nЧитайте також\n\nПентагон вважає, що війська КНДР уже в Росії\n\nКірбі додав, що солдати можуть вирушити на захід Росії та взяти участь у боях.";
    let doc = clean(uk);
    assert_eq!(rules_of(&doc), ["read-more-uk", "read-more-uk"]);
    assert!(!doc.text().contains("Читайте"));
    assert!(!doc.text().contains("Пентагон"));
    let de = "Das Weiße Haus sagte am Mittwoch, dass nicht klar sei, was die Soldaten dort machen würden.\n\nLesen Sie auch:\n\nPentagon: Nordkoreanische Truppen sind in Russland\n\nKirby sagte, die Soldaten könnten in den Westen Russlands reisen und dort kämpfen.";
    let doc = clean(de);
    assert_eq!(rules_of(&doc), ["read-more-de", "read-more-de"]);
}

#[test]
fn a_language_restricted_rule_skips_other_languages() {
    // "Read more" is an English marker; in a German article the line is left alone.
    let de = "Das Weiße Haus sagte am Mittwoch, dass nicht klar sei, was die Soldaten dort machen würden.\n\nRead more\n\nKirby sagte, die Soldaten könnten in den Westen Russlands reisen und dort kämpfen.";
    let doc = clean(de);
    assert!(
        doc.text().contains("Read more"),
        "{:?}",
        doc.annotations.removed
    );
}

#[test]
fn content_warning_teaser_goes_but_an_articles_own_warning_stays() {
    let teaser = format!(
        "{BEFORE}\n\nFinishing off the defenseless: How the Russians execute Ukrainian soldiers\n\nWarning: This article contains graphic photos and descriptions of graphic scenes. A decomposed human hand. The hand came from a hundred body…\n\n{AFTER}"
    );
    let doc = clean(&teaser);
    assert_eq!(doc.text(), format!("{BEFORE}\n\n{AFTER}"));
    assert_eq!(
        rules_of(&doc),
        ["content-warning-teaser", "content-warning-teaser"]
    );

    let own = format!(
        "How the Russians execute Ukrainian soldiers\n\nWarning: This article contains graphic descriptions of violence.\n\n{BEFORE}\n\n{AFTER}"
    );
    let doc = clean(&own);
    assert_eq!(doc.text(), own, "{:?}", doc.annotations.removed);
    // Cut off but without a headline before it: not an embedded teaser.
    let no_headline = format!("{BEFORE}\n\nWarning: This article contains graphic photos. The hand came from a hundred body…\n\n{AFTER}");
    assert_eq!(clean(&no_headline).text(), no_headline);
}

#[test]
fn copyright_newsletter_follow() {
    assert_removed("© 2024 Reuters. All rights reserved.", "copyright-notice");
    assert_removed(
        "Copyright 2024 The Associated Press. All rights reserved.",
        "copyright-notice",
    );
    assert_kept("Copyright lawsuits against artificial intelligence firms multiplied in 2024.");
    assert_removed(
        "Sign up for our daily briefing newsletter",
        "newsletter-promo",
    );
    assert_removed("Follow us on Telegram", "follow-us");
    assert_kept("Followers of the channel on Telegram said the video was filmed in Kursk.");
}

#[test]
fn all_caps_promo_in_an_article() {
    assert_removed(
        "MATT WALSH’S ‘AM I RACIST?’ COMING TO DAILYWIRE+ OCT. 28",
        "all-caps-promo",
    );
    assert_kept("NATO and the EU said the DPRK had sent troops to Russia, officials said.");
    assert_kept("BREAKING NEWS FROM KYIV");
}

#[test]
fn truncated_teaser_at_the_end() {
    let text = format!("{BEFORE}\n\n{AFTER}\n\nExperts say South Korea is unlikely to supply weapons to Ukraine given legal hurdles\n\nSouth Korea has indicated it may change its longstanding stance, but on October 22…");
    let doc = clean(&text);
    assert_eq!(doc.text(), format!("{BEFORE}\n\n{AFTER}"));
    assert_eq!(rules_of(&doc), ["truncated-teaser", "truncated-teaser"]);
    // An article that itself trails off, without a headline before: kept.
    let text = format!("{BEFORE}\n\n{AFTER}\n\nAnd then, he said, the line went quiet...");
    assert_eq!(clean(&text).text(), text);
}

#[test]
fn stopword_density_removes_menus_and_tag_runs_but_not_headlines() {
    let text = format!("Home | World | Europe | Ukraine\n\nKim Jong Un Visits Moscow\n\n{BEFORE}\n\n{AFTER}\n\nUkraine\nNorth Korea\nRussia");
    let doc = clean(&text);
    assert_eq!(
        doc.text(),
        format!("Kim Jong Un Visits Moscow\n\n{BEFORE}\n\n{AFTER}")
    );
    assert!(
        rules_of(&doc).iter().all(|r| *r == "stopword-density"),
        "{:?}",
        rules_of(&doc)
    );
    assert_eq!(doc.annotations.removed.len(), 4);
    // A name-only line between two paragraphs of prose is a subheading: it stays, also
    // right after a chrome line.
    assert_kept("Kim Jong Un");
    let text = format!("{BEFORE}\n\nAdvertisement\n\nKim Jong Un\n\n{AFTER}");
    assert_eq!(
        clean(&text).text(),
        format!("{BEFORE}\n\nKim Jong Un\n\n{AFTER}")
    );
    // Between two chrome lines, or a tag run after the share buttons: boilerplate.
    let text = format!("{BEFORE}\n\nShare\n\nUkraine Russia\n\nAdvertisement\n\n{AFTER}");
    assert_eq!(clean(&text).text(), format!("{BEFORE}\n\n{AFTER}"));
    assert_kept("Experts say South Korea is unlikely to supply weapons");
}

#[test]
fn stopword_density_needs_a_language_for_stop_words() {
    // Too little text to tell the language: only separator-heavy lines go.
    let doc = clean("Otsikko tässä\n\nUkraine\nNorth Korea");
    assert!(
        doc.annotations.removed.is_empty(),
        "{:?}",
        doc.annotations.removed
    );
    let doc = clean("Otsikko tässä\n\nHome | World");
    assert_eq!(rules_of(&doc), ["stopword-density"]);
}

#[test]
fn heuristics_can_be_switched_off() {
    let mut config = BoilerplateConfig::default();
    config.heuristics.all_caps_promo = false;
    config.heuristics.truncated_teaser = false;
    config.heuristics.stopword_density = false;
    let remover = BoilerplateRemoverBuilder::new()
        .with_config(config)
        .build()
        .unwrap();
    let text = in_article("MATT WALSH’S ‘AM I RACIST?’ COMING TO DAILYWIRE+ OCT. 28");
    let mut doc = Document::new("t", text.as_str());
    remover.process(&mut doc).unwrap();
    assert_eq!(doc.text(), text);
}

#[test]
fn keep_mode_flags_without_removing() {
    let text = in_article("Mandatory credit: The White House");
    let mut doc = Document::new("t", text.as_str());
    keeper().process(&mut doc).unwrap();
    assert_eq!(doc.text(), text);
    assert_eq!(rules_of(&doc), ["credit-line"]);
    assert!(!doc.annotations.removed[0].removed);
    assert_eq!(
        doc.original_slice(doc.annotations.removed[0].span),
        "Mandatory credit: The White House"
    );
}

#[test]
fn user_rules_add_replace_and_protect() {
    let user = r#"{"rules": [
        {"name": "sponsor", "description": "Sponsor lines of one site.", "pattern": "Sponsored by [^\\n]+"},
        {"name": "page-chrome", "description": "Only 'close', nothing else.", "pattern": "close"},
        {"name": "protect-credits", "description": "This site's credits are content.", "pattern": "(?i)mandatory credit:.*", "action": "keep"}
    ]}"#;
    // The density heuristic off, so that only rules decide here.
    let mut config = BoilerplateConfig::default();
    config.heuristics.stopword_density = false;
    let remover = BoilerplateRemoverBuilder::new()
        .with_config(config)
        .with_rules_json("user.json", user)
        .build()
        .unwrap();
    assert_eq!(
        remover
            .rules()
            .iter()
            .filter(|r| r.name == "page-chrome")
            .count(),
        1
    );
    let text = format!("{BEFORE}\n\nSponsored by Acme Corp\n\nclose\n\nAdvertisement\n\nMandatory credit: The White House\n\n{AFTER}");
    let mut doc = Document::new("t", text.as_str());
    remover.process(&mut doc).unwrap();
    assert_eq!(rules_of(&doc), ["sponsor", "page-chrome"]);
    assert!(doc.text().contains("Advertisement") && doc.text().contains("Mandatory credit"));

    let only_user = BoilerplateRemoverBuilder::new()
        .with_config(BoilerplateConfig {
            use_default_rules: false,
            ..BoilerplateConfig::default()
        })
        .with_rules_json("user.json", user)
        .build()
        .unwrap();
    assert_eq!(only_user.rules().len(), 3);
}

#[test]
fn rule_files_are_read_and_bad_ones_named() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.json");
    std::fs::write(
        &good,
        r#"{"rules": [{"name": "sponsor", "description": "d", "pattern": "Sponsored by .+"}]}"#,
    )
    .unwrap();
    let remover = BoilerplateRemoverBuilder::new()
        .with_rule_file(&good)
        .build()
        .unwrap();
    assert_eq!(remover.rules()[0].name, "sponsor");

    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"rules": [{"name": "broken-rule", "description": "d", "pattern": "[unclosed"}]}"#,
    )
    .unwrap();
    let err = BoilerplateRemoverBuilder::new()
        .with_rule_file(&bad)
        .build()
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("bad.json") && message.contains("broken-rule"),
        "{message}"
    );

    let missing = dir.path().join("missing.json");
    let err = BoilerplateRemoverBuilder::new()
        .with_rule_file(&missing)
        .build()
        .unwrap_err();
    assert!(matches!(err, CleanError::RuleFile { .. }));
}

#[test]
fn the_whole_text_can_go() {
    let doc = clean("close\nShare\n");
    assert_eq!(doc.text(), "");
    assert_eq!(doc.annotations.removed.len(), 2);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// No input panics; every annotation's span lies on character boundaries of the original
    /// and holds the annotated text; keep mode leaves the text as it was.
    #[test]
    fn any_text_is_safe(text in "(?s)([a-zA-Zé Ж€\\n.…:|©+'’]{0,12}|close|Read more|\\n\\n|date 2024-01-02 \\(X\\) |MATT COMING TO TV+){0,30}") {
        let doc = clean(&text);
        for r in &doc.annotations.removed {
            prop_assert!(r.span.slice(doc.original()).is_some());
            prop_assert_eq!(doc.original_slice(r.span), r.text.as_str());
        }
        let mut kept = Document::new("k", text.as_str());
        keeper().process(&mut kept).unwrap();
        prop_assert_eq!(kept.text(), text.as_str());
        prop_assert_eq!(kept.annotations.removed.len(), doc.annotations.removed.len());
    }
}
