//! The configuration format: the example file, and the mistakes it refuses.

use lamplight_sandbox::{Config, ConfigError, FieldType, GroupKind, Shape};

#[test]
fn the_example_file_parses_and_is_the_demo() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/sandbox.example.toml");
    let config = Config::from_file(path).expect("the example parses");
    assert_eq!(config, Config::demo());
    assert_eq!(config.shape, Shape::Live);
    let heard = config
        .fields
        .referral
        .iter()
        .find(|field| field.label == "How did you hear")
        .expect("How did you hear");
    let options: Vec<&str> = heard.options.iter().map(|o| o.label.as_str()).collect();
    assert_eq!(
        options,
        [
            "Word of mouth",
            "Website",
            "Social media",
            "School",
            "Other"
        ]
    );
    assert!(
        config
            .fields
            .referral
            .iter()
            .any(|f| f.label == "school year" && f.field_type == FieldType::Number)
    );
    assert!(
        config
            .fields
            .person
            .iter()
            .any(|f| f.label == "Date of birth" && f.field_type == FieldType::Date)
    );
    assert!(
        config
            .fields
            .person
            .iter()
            .any(|f| f.id == Some(123) && f.field_type == FieldType::Select)
    );
    let kinds: Vec<GroupKind> = config.groups.iter().map(|g| g.kind).collect();
    assert_eq!(
        kinds,
        [
            GroupKind::Manual,
            GroupKind::WaitingList,
            GroupKind::Automatic
        ]
    );
    let types = [
        FieldType::Text,
        FieldType::Number,
        FieldType::Date,
        FieldType::Select,
        FieldType::MultiSelect,
        FieldType::Checkbox,
    ];
    for wanted in types {
        assert!(
            config
                .fields
                .referral
                .iter()
                .any(|f| f.field_type == wanted),
            "{wanted:?}"
        );
    }
}

#[test]
fn an_empty_document_is_an_empty_system() {
    let config = Config::from_toml_str("").expect("parses");
    assert!(config.profiles.is_empty() && config.work.is_empty());
    assert_eq!(config.credentials.lampid, 1);
}

#[test]
fn inconsistent_configs_are_refused_with_a_reason() {
    let cases = [
        (
            "[[profiles]]\nid = 1\nkind = \"person\"\nrole = \"user\"\n[[profiles]]\nid = 1\nkind = \"person\"\nrole = \"user\"",
            "defined twice",
        ),
        (
            "[[profiles]]\nid = 1\nkind = \"person\"\nrole = \"org\"",
            "does not suit",
        ),
        (
            "[[profiles]]\nid = 1\nkind = \"organisation\"\nrole = \"org\"\nfirst_name = \"A\"",
            "only people",
        ),
        (
            "[[work]]\nid = 1\ntitle = \"T\"\nstart_date = \"2026-01-01\"\nend_date = \"2026-01-01 10:00:00\"",
            "YYYY-MM-DD HH:MM:SS",
        ),
        (
            "[[work]]\nid = 1\ntitle = \"T\"\nstart_date = \"2026-01-01 09:00:00\"\nend_date = \"2026-01-01 10:00:00\"\nattendees = [5]",
            "attendee 5",
        ),
        (
            "[[work]]\nid = 1\ntitle = \"T\"\nstart_date = \"2026-01-01 09:00:00\"\nend_date = \"2026-01-01 10:00:00\"\nworkareas = [9]",
            "workarea 9",
        ),
        (
            "[[groups]]\nid = 1\nname = \"G\"\nkind = \"manual\"\nmembers = [3]",
            "profile 3",
        ),
    ];
    for (toml, reason) in cases {
        match Config::from_toml_str(toml) {
            Err(ConfigError::Invalid(message)) => {
                assert!(message.contains(reason), "{message} / {reason}")
            }
            other => panic!("{toml}: expected Invalid({reason}), got {other:?}"),
        }
    }
}

/// The sections that describe the system are read by `lamplight_schema`, whose errors give the
/// line and column.
#[test]
fn schema_sections_are_checked_by_the_schema_reader_with_a_line() {
    let cases = [
        (
            "[[fields.referral]]\nlabel = \"How_heard\"\ntype = \"text\"",
            "contains `_`",
            2,
        ),
        (
            "[[fields.referral]]\nlabel = \"Colour\"\ntype = \"select\"",
            "needs `options`",
            3,
        ),
        ("latency_ms = 0\ncolour = \"blue\"", "colour", 2),
    ];
    for (toml, reason, line) in cases {
        match Config::from_toml_str(toml) {
            Err(ConfigError::Schema(error)) => {
                assert!(error.message().contains(reason), "{error} / {reason}");
                assert_eq!(error.line(), Some(line), "{error}");
            }
            other => panic!("{toml}: expected a schema error ({reason}), got {other:?}"),
        }
    }
}

#[test]
fn unknown_keys_and_missing_files_are_errors() {
    let error = Config::from_toml_str("colour = \"blue\"").expect_err("unknown key");
    assert!(matches!(error, ConfigError::Schema(_)), "{error}");
    assert!(error.to_string().contains("colour"), "{error}");
    let error = Config::from_toml_str("[credentials]\nlampid = 1\ncolour = \"blue\"")
        .expect_err("unknown key in a sandbox section");
    assert!(matches!(error, ConfigError::Toml { .. }), "{error}");
    assert!(error.to_string().contains("colour"), "{error}");
    let error = Config::from_file("/nonexistent/sandbox.toml").expect_err("missing");
    assert!(matches!(error, ConfigError::Io { .. }), "{error}");
}

#[test]
fn the_key_stays_out_of_debug_output() {
    let config = Config::demo();
    assert!(!format!("{config:?}").contains(&config.credentials.key));
}

/// What the issue asks of the built-in demo: workareas with children; referral and profile
/// custom fields of every type; a dozen published profiles of several roles, with
/// coordinates; work records, some open to API attendance and one full; a group, a waiting
/// list and relationship types.
#[test]
fn the_demo_is_a_small_plausible_charity() {
    use std::collections::BTreeSet;

    let demo = Config::demo();
    assert!(
        demo.workareas
            .iter()
            .filter(|w| !w.children.is_empty())
            .count()
            >= 2
    );
    let every_type = [
        FieldType::Text,
        FieldType::Number,
        FieldType::Date,
        FieldType::Select,
        FieldType::MultiSelect,
        FieldType::Checkbox,
    ];
    for (kind, fields) in [
        ("referral", &demo.fields.referral),
        ("person", &demo.fields.person),
    ] {
        for wanted in every_type {
            assert!(
                fields.iter().any(|f| f.field_type == wanted),
                "{kind}: {wanted:?}"
            );
        }
        assert!(
            fields
                .iter()
                .any(|f| f.field_type == FieldType::Checkbox && !f.options.is_empty()),
            "{kind}: a checkbox with options"
        );
    }
    assert!(
        demo.fields.person.iter().all(|f| f.id.is_some()),
        "profile_field_N ids"
    );
    assert!(demo.fields.person.iter().any(|f| !f.writable));
    assert!(demo.fields.person.iter().any(|f| !f.readable));
    assert!(!demo.fields.organisation.is_empty() && !demo.fields.family.is_empty());
    let placed: Vec<_> = demo
        .profiles
        .iter()
        .filter(|p| p.publishable && p.lat.is_some() && p.lng.is_some())
        .collect();
    assert!(
        placed.len() >= 12,
        "{} published with coordinates",
        placed.len()
    );
    let roles: BTreeSet<String> = placed.iter().map(|p| p.role.to_string()).collect();
    assert!(roles.len() >= 4, "{roles:?}");
    let kinds: BTreeSet<String> = placed.iter().map(|p| format!("{:?}", p.kind)).collect();
    assert_eq!(kinds.len(), 3, "people, organisations and families");
    let open = demo.work.iter().filter(|w| w.published && w.api_attendance);
    assert!(open.count() >= 2);
    assert!(demo.work.iter().any(|w| !w.api_attendance));
    assert!(demo.work.iter().any(|w| !w.published));
    let full = demo
        .work
        .iter()
        .filter(|w| w.capacity.is_some_and(|c| w.attendees.len() == c as usize));
    assert_eq!(full.count(), 1, "one full record");
    assert!(demo.groups.iter().any(|g| g.kind == GroupKind::Manual));
    assert!(demo.groups.iter().any(|g| g.kind == GroupKind::WaitingList));
    assert!(demo.relationship_types.len() >= 2);
}

/// Whether `text` has `word` as a whole word (not inside a longer name).
fn mentions(text: &str, word: &str) -> bool {
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_name) && !after.is_some_and(is_name)
    })
}

/// Every setting the demo uses (and so the commented example file, which is the demo) is
/// documented in the crate's README and in the example's comments.
#[test]
fn every_setting_is_documented_in_the_readme() {
    fn keys(value: &toml::Value, found: &mut std::collections::BTreeSet<String>) {
        match value {
            toml::Value::Table(table) => {
                for (key, value) in table {
                    found.insert(key.clone());
                    // Custom values are keyed by the user's labels, not by settings.
                    if key != "custom" {
                        keys(value, found);
                    }
                }
            }
            toml::Value::Array(items) => items.iter().for_each(|item| keys(item, found)),
            _ => {}
        }
    }
    let readme = include_str!("../../README.md");
    let example = include_str!("../../sandbox.example.toml");
    let demo = toml::Value::try_from(Config::demo()).expect("serialises");
    let mut found = std::collections::BTreeSet::new();
    keys(&demo, &mut found);
    assert!(found.len() > 40, "{found:?}");
    for key in &found {
        assert!(mentions(readme, key), "README: {key}");
        assert!(mentions(example, key), "example: {key}");
    }
    for section in [
        "[credentials]",
        "[publishing]",
        "[publishing.work]",
        "[publishing.referral]",
        "[publishing.person]",
        "[publishing.organisation]",
        "[publishing.family]",
        "[[workareas]]",
        "[[fields.referral]]",
        "[[fields.person]]",
        "[[fields.organisation]]",
        "[[fields.family]]",
        "[[profiles]]",
        "[[work]]",
        "[[groups]]",
        "[[relationship_types]]",
        "[[places]]",
    ] {
        assert!(example.contains(section), "example: {section}");
        let name = section.trim_matches(|c| c == '[' || c == ']');
        assert!(readme.contains(name), "README: {section}");
    }
    for field_type in [
        "text",
        "number",
        "date",
        "select",
        "radio",
        "multi-select",
        "checkbox",
    ] {
        assert!(
            example.contains(field_type) && readme.contains(field_type),
            "{field_type}"
        );
    }
}

const LAMPLIGHT_TOML: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/lamplight.toml");

/// A charity's `lamplight.toml` is a sandbox configuration: the sandbox serves the system it
/// describes and enforces its required fields.
#[tokio::test]
async fn a_lamplight_toml_file_is_a_sandbox_configuration() {
    use lamplight_core::RecordKind;
    use lamplight_sandbox::Schema;
    use serde_json::json;

    let config = Config::from_file(LAMPLIGHT_TOML).expect("lamplight.toml loads");
    assert_eq!(config.credentials.lampid, 77);
    let schema = Schema::from_file(LAMPLIGHT_TOML).expect("the schema reader agrees");
    assert_eq!(config.schema(), schema);
    assert!(
        schema
            .field(RecordKind::Referral, "How_did_you_hear")
            .is_some_and(|field| field.required)
    );

    let api = crate::common::Api::with(config).await;
    let (_, areas) = api.get("workarea/all", &[]).await;
    assert_eq!(areas["data"][0]["text"], "Advice");
    assert_eq!(areas["data"][0]["children"][0]["id"], "11");

    let refused = api
        .post("referral/add", &[("attendee", "900"), ("Notes", "hello")])
        .await;
    crate::common::assert_error(&refused, 1040, 400);
    assert!(
        refused.1["msg"]
            .as_str()
            .is_some_and(|msg| msg.contains("How_did_you_hear")),
        "{}",
        refused.1
    );
    let empty = api
        .post(
            "referral/add",
            &[("attendee", "900"), ("How_did_you_hear", "")],
        )
        .await;
    crate::common::assert_error(&empty, 1040, 400);
    let (status, body) = api
        .post(
            "referral/add",
            &[("attendee", "900"), ("how_did_you_hear", "Website")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["id"], json!(5001));

    let person = [("role", "user"), ("first_name", "Ada")];
    let refused = api.post("people/add", &person).await;
    crate::common::assert_error(&refused, 1055, 400);
    assert!(
        refused.1["msg"]
            .as_str()
            .is_some_and(|msg| msg.contains("Date_of_birth")),
        "{}",
        refused.1
    );
    let mut born = person.to_vec();
    born.push(("Date_of_birth", "2002-02-02"));
    let (status, body) = api.post("people/add", &born).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = api
        .post(
            "people/update",
            &[("role", "user"), ("id", "900"), ("surname", "Price-Jones")],
        )
        .await;
    assert_eq!(
        status, 200,
        "an update may leave a required field out: {body}"
    );
    assert_eq!(api.sandbox.state().referrals.len(), 1);
}

#[test]
fn a_mistake_in_lamplight_toml_names_the_file_and_line() {
    let dir = std::env::temp_dir().join(format!("lamplight-sandbox-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let path = dir.join("lamplight.toml");
    std::fs::write(
        &path,
        "[credentials]\nlampid = 1\nproject = 1\nkey = \"k\"\n\n[[fields.referral]]\nlabel = \"Heard\"\ntype = \"colour\"\n",
    )
    .expect("written");
    let error = Config::from_file(&path).expect_err("an unknown type");
    let _ = std::fs::remove_dir_all(&dir);
    let ConfigError::Schema(schema) = &error else {
        panic!("expected a schema error, got {error:?}");
    };
    assert_eq!(schema.line(), Some(8), "{error}");
    assert!(error.to_string().contains("lamplight.toml"), "{error}");
}

/// Every top-level setting of the sandbox is one that `lamplight.toml` accepts.
#[test]
fn every_sandbox_setting_is_a_known_lamplight_toml_section() {
    let config = toml::Value::try_from(Config::default()).expect("serialises");
    let keys: Vec<&String> = config.as_table().expect("a table").keys().collect();
    assert!(keys.len() > 10, "{keys:?}");
    for key in keys {
        assert!(
            lamplight_schema::SCHEMA_SECTIONS.contains(&key.as_str())
                || lamplight_schema::SANDBOX_SECTIONS.contains(&key.as_str()),
            "`{key}` is missing from lamplight_schema::SANDBOX_SECTIONS"
        );
    }
}

/// A configuration built in code is held to the same schema rules as a file.
#[test]
fn a_config_built_in_code_follows_the_schema_rules() {
    let mut config = Config::demo();
    let first = config.workareas[0].clone();
    config.workareas.push(first);
    match config.check() {
        Err(ConfigError::Invalid(message)) => {
            assert!(
                message.contains("workarea id 1 is defined twice"),
                "{message}"
            )
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    let mut config = Config::demo();
    config.fields.person[0].label = "Home_town".to_owned();
    let error = config.check().expect_err("a label with `_`");
    assert!(error.to_string().contains("Home_town"), "{error}");
}
