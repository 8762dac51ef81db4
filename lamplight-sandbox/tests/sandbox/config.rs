//! The configuration format: the example file, and the mistakes it refuses.

use lamplight_sandbox::{Config, ConfigError, FieldType, GroupKind, Shape};

#[test]
fn the_example_file_parses_and_is_the_demo() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/sandbox.example.toml");
    let config = Config::from_file(path).expect("the example parses");
    assert_eq!(config, Config::demo());
    assert_eq!(config.shape, Shape::Quirky);
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
            "[[fields.referral]]\nlabel = \"How_heard\"\ntype = \"text\"",
            "contains '_'",
        ),
        (
            "[[fields.referral]]\nlabel = \"Colour\"\ntype = \"select\"",
            "needs options",
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

#[test]
fn unknown_keys_and_missing_files_are_errors() {
    let error = Config::from_toml_str("colour = \"blue\"").expect_err("unknown key");
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
