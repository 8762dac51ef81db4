//! The `live` shape against replies in the recorded live shape (`tests/fixtures/live/`), key by
//! key and JSON type by JSON type.

use serde_json::Value;

use crate::common::Api;

/// One endpoint: the fixture, and the request that asks the demo the same kind of question.
struct Case {
    fixture: &'static str,
    endpoint: &'static str,
    post: bool,
    params: &'static [(&'static str, &'static str)],
}

/// The requests mirror what the recordings asked: a work record in a top-level workarea without
/// sub-workareas or locations, a person with an address line and a multi-select, a `near`
/// search with `return=full` (as the reference client's `near` asks).
const CASES: &[Case] = &[
    Case {
        fixture: "workarea_all",
        endpoint: "workarea/all",
        post: false,
        params: &[],
    },
    Case {
        fixture: "people_one",
        endpoint: "people/one",
        post: false,
        params: &[("role", "user"), ("id", "654")],
    },
    Case {
        fixture: "people_some_short",
        endpoint: "people/some",
        post: false,
        params: &[("role", "user"), ("num", "1")],
    },
    Case {
        fixture: "people_some_near",
        endpoint: "people/some",
        post: false,
        params: &[
            ("role", "user"),
            ("near", "SE1 7PB"),
            ("nearRadius", "500"),
            ("return", "full"),
        ],
    },
    Case {
        fixture: "work_one",
        endpoint: "work/one",
        post: false,
        params: &[("id", "30941")],
    },
    Case {
        fixture: "work_some",
        endpoint: "work/some",
        post: false,
        params: &[("q", "showcase")],
    },
    Case {
        fixture: "work_attend_one",
        endpoint: "work/attend",
        post: true,
        params: &[("id", "30941"), ("attendee", "653")],
    },
    Case {
        fixture: "work_attend_many",
        endpoint: "work/attend",
        post: true,
        params: &[("id", "30941,30936"), ("attendee", "655")],
    },
    Case {
        fixture: "referral_add",
        endpoint: "referral/add",
        post: true,
        params: &[("attendee", "653"), ("referral_reason", "testing")],
    },
    Case {
        fixture: "people_relationship",
        endpoint: "people/relationship",
        post: true,
        params: &[
            ("id", "658"),
            ("related_profile_id", "661"),
            ("relationship_id", "5"),
        ],
    },
];

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/live/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Every difference of keys or JSON types between `expected` and `found`, with its key path.
/// Arrays are compared element by element and must have the same length.
fn differences(path: &str, expected: &Value, found: &Value, out: &mut Vec<String>) {
    match (expected, found) {
        (Value::Object(expected), Value::Object(found)) => {
            for (key, value) in expected {
                let at = format!("{path}.{key}");
                match found.get(key) {
                    Some(other) => differences(&at, value, other, out),
                    None => out.push(format!("{at}: missing")),
                }
            }
            for key in found.keys().filter(|key| !expected.contains_key(*key)) {
                out.push(format!("{path}.{key}: not in the live reply"));
            }
        }
        (Value::Array(expected), Value::Array(found)) => {
            if expected.len() != found.len() {
                out.push(format!(
                    "{path}: {} items, the live reply has {}",
                    found.len(),
                    expected.len()
                ));
            }
            for (i, (value, other)) in expected.iter().zip(found).enumerate() {
                differences(&format!("{path}[{i}]"), value, other, out);
            }
        }
        _ if type_name(expected) != type_name(found) => out.push(format!(
            "{path}: {} ({found}), the live reply has {} ({expected})",
            type_name(found),
            type_name(expected)
        )),
        _ => {}
    }
}

#[test]
fn differences_name_the_key_path() {
    let expected = serde_json::json!({"data": [{"id": 1, "tags": []}], "meta": ""});
    let found = serde_json::json!({"data": [{"id": "1", "extra": 2}], "meta": {}});
    let mut out = Vec::new();
    differences("reply", &expected, &found, &mut out);
    out.sort();
    assert_eq!(
        out,
        [
            "reply.data[0].extra: not in the live reply",
            "reply.data[0].id: string (\"1\"), the live reply has number (1)",
            "reply.data[0].tags: missing",
            "reply.meta: object ({}), the live reply has string (\"\")",
        ]
    );
    let mut none = Vec::new();
    differences("reply", &expected, &expected, &mut none);
    assert!(none.is_empty(), "{none:?}");
}

#[tokio::test]
async fn every_endpoint_answers_in_the_recorded_live_shape() {
    let mut report = Vec::new();
    for case in CASES {
        // A fresh demo for each, so that writes start from the same state.
        let api = Api::demo().await;
        let (status, reply) = if case.post {
            api.post(case.endpoint, case.params).await
        } else {
            api.get(case.endpoint, case.params).await
        };
        assert_eq!(status, 200, "{}: {reply}", case.endpoint);
        let mut found = Vec::new();
        differences(case.fixture, &fixture(case.fixture), &reply, &mut found);
        if !found.is_empty() {
            report.push(format!("{}:\n  {}", case.endpoint, found.join("\n  ")));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}

#[tokio::test]
async fn every_fixture_has_a_case() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/live");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("the fixture folder")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".json").map(str::to_owned)
        })
        .collect();
    files.sort();
    let mut cases: Vec<String> = CASES.iter().map(|case| case.fixture.to_owned()).collect();
    cases.sort();
    assert_eq!(files, cases);
}
