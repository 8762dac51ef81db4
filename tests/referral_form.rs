//! The referral form example over plain HTTP: the page is rendered from the records' schemas,
//! every kind of mistake is shown next to its field with nothing sent to Lamplight, and a valid
//! submission runs the intake flow once.

mod common;

use lamplight_examples::referral_form::{app, form, html};

use form::{REFERRAL, REFERRER, Section, YOUNG_PERSON};
use lamplight::{FieldInfo, ValueKind};
use lamplight_sandbox::{Config, Sandbox};

/// The sandbox and the form app in-process, each on a free loopback port.
struct Harness {
    sandbox: Sandbox,
    url: String,
    http: reqwest::Client,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Harness {
    async fn start() -> Harness {
        let sandbox = Sandbox::start(Config::demo())
            .await
            .expect("the sandbox starts");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let url = format!("http://{}/", listener.local_addr().expect("its address"));
        let server = tokio::spawn(app::serve(listener, common::client_for(&sandbox)));
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client");
        Harness {
            sandbox,
            url,
            http,
            server,
        }
    }

    async fn get(&self) -> (u16, String) {
        let response = self.http.get(&self.url).send().await.expect("GET /");
        let status = response.status().as_u16();
        (status, response.text().await.expect("a body"))
    }

    async fn post(&self, pairs: &[(String, String)]) -> (u16, String) {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        let response = self
            .http
            .post(&self.url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("POST /");
        let status = response.status().as_u16();
        (status, response.text().await.expect("a body"))
    }

    /// Profiles created through the API (the demo seeds others) and referrals stored.
    fn stored(&self) -> (usize, usize) {
        let state = self.sandbox.state();
        let profiles = state.profiles.iter().filter(|p| !p.seeded).count();
        (profiles, state.referrals.len())
    }

    async fn stop(self) {
        self.server.abort();
        self.sandbox.shutdown().await;
    }
}

fn name(section: &Section, field: &FieldInfo) -> String {
    form::input_name(section, field)
}

fn field(section: &Section, rust_name: &str) -> &'static FieldInfo {
    section
        .fields
        .iter()
        .find(|f| f.rust_name == rust_name)
        .unwrap_or_else(|| panic!("{} has a field {rust_name}", section.key))
}

/// The input name of `rust_name` in `section`.
fn n(section: &Section, rust_name: &str) -> String {
    name(section, field(section, rust_name))
}

/// A submission that passes every check.
fn valid_form() -> Vec<(String, String)> {
    let p = |k: String, v: &str| (k, v.to_owned());
    vec![
        p(n(&YOUNG_PERSON, "first_name"), "Alex"),
        p(n(&YOUNG_PERSON, "surname"), "Morgan"),
        p(n(&YOUNG_PERSON, "postcode"), "sw1a1aa"),
        p(n(&YOUNG_PERSON, "email"), "alex.morgan@example.org"),
        p(n(&YOUNG_PERSON, "date_of_birth"), "2011-05-14"),
        p(n(&REFERRER, "first_name"), "Priya"),
        p(n(&REFERRER, "surname"), "Shah"),
        p(n(&REFERRER, "email"), "p.shah@school.example.org"),
        p(
            n(&REFERRAL, "reason"),
            "Finding school hard & would like a mentor",
        ),
        p(n(&REFERRAL, "workarea"), "21"),
        p(n(&REFERRAL, "heard_via"), "Word of mouth"),
        p(n(&REFERRAL, "school_year"), "10"),
        p(n(&REFERRAL, "support_needed"), "Education"),
        p(n(&REFERRAL, "support_needed"), "Wellbeing"),
        p(n(&REFERRAL, "first_contact"), "2026-11-20"),
        p(n(&REFERRAL, "consent_given"), "1"),
        p(form::SESSION.to_owned(), "30941"),
    ]
}

/// `form` with the value(s) of `input` replaced by `value`.
fn with(form: &[(String, String)], input: &str, value: &str) -> Vec<(String, String)> {
    let mut out: Vec<_> = form.iter().filter(|(k, _)| k != input).cloned().collect();
    out.push((input.to_owned(), value.to_owned()));
    out
}

/// Every start tag (`<input ...>`, `<select ...>`, ...) that carries `name="..."`.
fn tags_named<'a>(html: &'a str, input: &str) -> Vec<&'a str> {
    let needle = format!("name=\"{}\"", html::escape(input));
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let start = html[..at].rfind('<')?;
            let end = at + html[at..].find('>')?;
            Some(&html[start..=end])
        })
        .collect()
}

/// The single tag named `input`.
fn tag<'a>(html: &'a str, input: &str) -> &'a str {
    let tags = tags_named(html, input);
    assert_eq!(tags.len(), 1, "one element named {input}: {tags:?}");
    tags[0]
}

/// The HTML of the `<select>` named `input`, options included.
fn select_html<'a>(html: &'a str, input: &str) -> &'a str {
    let open = tag(html, input);
    let start = html.find(open).expect("the select");
    let end = start + html[start..].find("</select>").expect("its end");
    &html[start..end]
}

/// The inline error message of `input`, if the page shows one.
fn inline_error(html: &str, input: &str) -> Option<String> {
    let marker = format!("id=\"{}-error\">", form::input_id(input));
    let start = html.find(&marker)? + marker.len();
    let end = start + html[start..].find("</p>")?;
    Some(html[start..end].replace("<span class=\"visually-hidden\">Error: </span>", ""))
}

fn sections() -> [&'static Section; 3] {
    [&YOUNG_PERSON, &REFERRER, &REFERRAL]
}

#[tokio::test]
async fn the_form_renders_every_field_of_each_schema() {
    let harness = Harness::start().await;
    let (status, html) = harness.get().await;
    assert_eq!(status, 200);
    assert!(html.contains("<form method=\"post\" action=\"/\" novalidate>"));

    let mut checked = 0;
    for section in sections() {
        for field in section.fields {
            if form::profile_section(field).is_some() {
                continue;
            }
            let input = name(section, field);
            let id = form::input_id(&input);
            let label = html::escape(&html::display_label(field.label));
            assert!(
                html.contains(&label),
                "the label {label:?} of {input} is shown"
            );
            match field.kind {
                ValueKind::MultiSelect(_) => {
                    let boxes = tags_named(&html, &input);
                    let labels: Vec<_> = field.option_labels().collect();
                    assert_eq!(
                        boxes.len(),
                        labels.len(),
                        "one checkbox per option of {input}"
                    );
                    for (tag, option) in boxes.iter().zip(&labels) {
                        assert!(tag.contains("type=\"checkbox\""), "{tag}");
                        assert!(tag.contains(&format!("value=\"{option}\"")), "{tag}");
                        assert!(html.contains(&format!("{tag} {option}</label>")));
                    }
                    assert!(html.contains(&format!("<fieldset id=\"{id}\"")));
                    assert!(html.contains(&format!("<legend>{label}")));
                }
                ValueKind::Select(_) => {
                    let select = select_html(&html, &input);
                    assert!(select.starts_with("<select "), "{select}");
                    let options: Vec<_> = select
                        .match_indices("<option value=\"")
                        .map(|(at, _)| {
                            let rest = &select[at + 15..];
                            &rest[..rest.find('"').expect("a closing quote")]
                        })
                        .collect();
                    let mut want = vec![""];
                    want.extend(field.option_labels());
                    assert_eq!(options, want, "the options of {input}");
                }
                kind => {
                    let tag = tag(&html, &input);
                    let want = match kind {
                        ValueKind::Integer => "<input type=\"number\"",
                        ValueKind::Date => "<input type=\"date\"",
                        ValueKind::Flag => "<input type=\"checkbox\"",
                        ValueKind::Workarea => "<select ",
                        ValueKind::Text if field.wire_name == "email" => "<input type=\"email\"",
                        ValueKind::Text if field.wire_name == "referral_reason" => "<textarea ",
                        ValueKind::Text | ValueKind::Postcode => "<input type=\"text\"",
                        other => panic!("the test does not know {other:?} yet"),
                    };
                    assert!(tag.starts_with(want), "{input} should be {want}: {tag}");
                    assert!(tag.contains(&format!("id=\"{id}\"")), "{tag}");
                    if matches!(kind, ValueKind::Flag) {
                        assert!(html.contains(&format!("for=\"{id}\"")));
                    } else {
                        assert!(html.contains(&format!("<label for=\"{id}\">{label}")));
                    }
                }
            }
            if !matches!(field.kind, ValueKind::MultiSelect(_)) {
                let tag = tag(&html, &input);
                assert_eq!(
                    tag.contains(" required"),
                    field.required,
                    "{input}'s required marker follows the schema: {tag}"
                );
            }
            checked += 1;
        }
    }
    // 5 young-person fields, 3 referrer fields, 7 referral fields besides the two profiles.
    assert_eq!(checked, 15);

    // The referral's profile fields become the two profile sections, in schema order.
    let young = html
        .find("<legend>The young person</legend>")
        .expect("section");
    let referrer = html.find("<legend>You, the referrer").expect("section");
    let referral = html.find("<legend>The referral</legend>").expect("section");
    assert!(young < referrer && referrer < referral);
    assert!(html.contains("You, the referrer <span class=\"optional\">(optional)</span>"));

    // The workareas and open sessions come from Lamplight.
    let workareas = select_html(&html, &n(&REFERRAL, "workarea"));
    assert!(workareas.contains("<option value=\"21\">"), "{workareas}");
    assert!(workareas.contains("One-to-one mentoring"));
    let sessions = select_html(&html, form::SESSION);
    assert!(sessions.contains("<option value=\"30941\">Winter showcase"));
    assert!(!sessions.contains("30938"), "a full session is not offered");
    harness.stop().await;
}

#[tokio::test]
async fn an_empty_submission_marks_each_required_field_and_stores_nothing() {
    let harness = Harness::start().await;
    let (status, html) = harness.post(&[]).await;
    assert_eq!(status, 422);
    assert!(html.contains("<h2 id=\"error-summary-title\">There is a problem</h2>"));

    for section in [&YOUNG_PERSON, &REFERRAL] {
        for field in section.fields {
            if form::profile_section(field).is_some() {
                continue;
            }
            let input = name(section, field);
            let error = inline_error(&html, &input);
            if field.required {
                let message = error.unwrap_or_else(|| panic!("an error for {input}"));
                assert!(message.contains("is required"), "{input}: {message}");
                let id = form::input_id(&input);
                let tag = tag(&html, &input);
                assert!(tag.contains("aria-invalid=\"true\""), "{tag}");
                assert!(
                    tag.contains(&format!("aria-describedby=\"{id}-error\"")),
                    "{tag}"
                );
                assert!(html.contains(&format!("<a href=\"#{id}\">{}: ", section.title)));
            } else {
                assert_eq!(error, None, "{input} may be left empty");
            }
        }
    }
    // The referrer's section may be left empty: a self-referral.
    for field in REFERRER.fields {
        assert_eq!(inline_error(&html, &name(&REFERRER, field)), None);
    }
    assert_eq!(harness.stored(), (0, 0));
    harness.stop().await;
}

#[tokio::test]
async fn each_kind_of_mistake_is_shown_next_to_its_field_with_the_input_kept() {
    let harness = Harness::start().await;
    let valid = valid_form();
    let cases: Vec<(String, &str, &str)> = vec![
        (
            n(&YOUNG_PERSON, "postcode"),
            "NOT A POSTCODE",
            "UK postcode",
        ),
        (
            n(&YOUNG_PERSON, "email"),
            "alex at example",
            "email address",
        ),
        (n(&REFERRER, "email"), "p.shah@", "email address"),
        (n(&YOUNG_PERSON, "date_of_birth"), "2011-02-30", "real date"),
        (n(&YOUNG_PERSON, "date_of_birth"), "14/05/2011", "real date"),
        (n(&REFERRAL, "school_year"), "ten", "whole number"),
        (n(&REFERRAL, "school_year"), "300", "out of range"),
        (n(&REFERRAL, "heard_via"), "Carrier pigeon", "from the list"),
        (
            n(&REFERRAL, "support_needed"),
            "Telepathy",
            "options listed",
        ),
        (n(&REFERRAL, "workarea"), "999", "workarea from the list"),
        (n(&REFERRAL, "consent_given"), "yes", "Tick the box"),
        (n(&REFERRAL, "reason"), "<b>urgent</b> please", "HTML tag"),
        (
            n(&YOUNG_PERSON, "first_name"),
            "<script>alert(1)</script>",
            "HTML tag",
        ),
        (n(&YOUNG_PERSON, "surname"), "   ", "is required"),
        (n(&REFERRAL, "heard_via"), "", "is required"),
        (form::SESSION.to_owned(), "30938", "Choose a session"),
    ];
    for (input, value, expected) in cases {
        let (status, html) = harness.post(&with(&valid, &input, value)).await;
        assert_eq!(status, 422, "{input}={value:?} is refused");
        let message = inline_error(&html, &input)
            .unwrap_or_else(|| panic!("{input}={value:?}: no error next to the field"));
        assert!(
            message.contains(&html::escape(expected)),
            "{input}={value:?}: {message}"
        );
        let others: Vec<_> = html.matches("class=\"error\" id=").collect();
        assert_eq!(
            others.len(),
            1,
            "{input}={value:?}: only that field is marked"
        );
        assert!(
            !html.contains("<script>") && !html.contains("<b>urgent"),
            "user input is escaped"
        );
        // What the user typed is still there (escaped), and so is the rest of the form.
        let kept = html::escape(value.trim());
        match input.as_str() {
            i if i == n(&REFERRAL, "reason") => {
                assert!(html.contains(&format!("{kept}</textarea>")), "{input} kept")
            }
            i if i == n(&REFERRAL, "support_needed")
                || i == n(&REFERRAL, "consent_given")
                || i == n(&REFERRAL, "heard_via")
                || i == n(&REFERRAL, "workarea")
                || i == form::SESSION => {}
            _ => assert!(
                html.contains(&format!("value=\"{}\"", html::escape(value))),
                "{input}={value:?} kept"
            ),
        }
        assert!(html.contains("value=\"Alex\"") || input == n(&YOUNG_PERSON, "first_name"));
        assert!(html.contains("<option value=\"21\" selected>") || input.ends_with("workareaid"));
    }
    // A referrer who gives some details must give the required ones.
    let partial = with(&valid, &n(&REFERRER, "surname"), "");
    let (status, html) = harness.post(&partial).await;
    assert_eq!(status, 422);
    assert!(
        inline_error(&html, &n(&REFERRER, "surname")).is_some_and(|m| m.contains("is required"))
    );
    // Markup is reported in the same round as the other mistakes of its section.
    let both = with(&partial, &n(&REFERRER, "first_name"), "<i>Priya</i>");
    let (status, html) = harness.post(&both).await;
    assert_eq!(status, 422);
    assert!(
        inline_error(&html, &n(&REFERRER, "first_name")).is_some_and(|m| m.contains("HTML tag"))
    );
    assert!(inline_error(&html, &n(&REFERRER, "surname")).is_some());
    assert!(html.contains("value=\"&lt;i&gt;Priya&lt;/i&gt;\""));
    // A ticked box stays ticked when the page comes back with an error.
    assert!(html.contains("value=\"Education\" checked>"));
    assert!(html.contains("value=\"Confidence\">"));

    assert_eq!(harness.stored(), (0, 0), "nothing reached Lamplight");
    harness.stop().await;
}

#[tokio::test]
async fn a_valid_submission_runs_the_intake_flow_once() {
    let harness = Harness::start().await;
    let (status, html) = harness.post(&valid_form()).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("<h1>Referral sent</h1>"));
    let id = |element: &str| -> u64 {
        let marker = format!("<dd id=\"{element}\">");
        let start = html.find(&marker).expect("the id is shown") + marker.len();
        let end = start + html[start..].find('<').expect("its end");
        html[start..end].parse().expect("a number")
    };
    let (referral_id, young_id, referrer_id) =
        (id("referral-id"), id("young-person-id"), id("referrer-id"));
    assert!(html.contains("Booked onto Winter showcase"));
    assert!(html.contains("Lamplight has the referral of Alex Morgan"));

    let state = harness.sandbox.state();
    let young = state.profile(young_id).expect("the young person is stored");
    assert_eq!(young.role.as_str(), "user");
    assert_eq!(young.core("first_name"), Some("Alex"));
    assert_eq!(young.core("surname"), Some("Morgan"));
    assert_eq!(young.core("postcode"), Some("SW1A 1AA"));
    assert_eq!(young.core("email"), Some("alex.morgan@example.org"));
    assert_eq!(
        young.custom("Date of birth").and_then(|v| v.as_str()),
        Some("2011-05-14")
    );
    let referrer = state.profile(referrer_id).expect("the referrer is stored");
    assert_eq!(referrer.role.as_str(), "contact");
    assert_eq!(referrer.core("surname"), Some("Shah"));

    let referral = state.referral(referral_id).expect("the referral is stored");
    assert_eq!(referral.attendee_id, young_id);
    assert_eq!(referral.referrer_id, Some(referrer_id));
    assert_eq!(
        referral.reason.as_deref(),
        Some("Finding school hard & would like a mentor")
    );
    assert_eq!(referral.workarea_ids, [21]);
    let custom = |label: &str| referral.custom.get(label).map(|v| v.values().to_vec());
    assert_eq!(
        custom("How did you hear"),
        Some(vec!["Word of mouth".into()])
    );
    assert_eq!(custom("school year"), Some(vec!["10".into()]));
    assert_eq!(
        custom("Support needed"),
        Some(vec!["Education".into(), "Wellbeing".into()])
    );
    assert_eq!(
        custom("Date of first contact"),
        Some(vec!["2026-11-20".into()])
    );
    assert_eq!(custom("Consent given"), Some(vec!["1".into()]));

    assert_eq!(
        harness.stored(),
        (2, 1),
        "two profiles and one referral, once"
    );
    let booked = state
        .attendances
        .iter()
        .filter(|a| a.profile_id == young_id)
        .count();
    assert_eq!(booked, 1);
    harness.stop().await;
}

#[tokio::test]
async fn an_empty_referrer_section_sends_a_self_referral() {
    let harness = Harness::start().await;
    let form: Vec<_> = valid_form()
        .into_iter()
        .filter(|(k, _)| !k.starts_with("referrer.") && k != form::SESSION)
        .collect();
    let (status, html) = harness.post(&form).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("<dd id=\"referrer-id\">Self-referral</dd>"));
    assert!(!html.contains("session-booking"));
    let state = harness.sandbox.state();
    assert_eq!(state.referrals.len(), 1);
    assert_eq!(state.referrals[0].referrer_id, None);
    assert_eq!(harness.stored(), (1, 1));
    harness.stop().await;
}

/// The "What's on" page over plain HTTP, listing sessions from a fixed day.
struct Sessions {
    sandbox: Sandbox,
    url: String,
    http: reqwest::Client,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Sessions {
    async fn start(config: Config, today: time::Date) -> Sessions {
        let sandbox = Sandbox::start(config).await.expect("the sandbox starts");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let url = format!(
            "http://{}/sessions",
            listener.local_addr().expect("its address")
        );
        let server = tokio::spawn(app::serve_at(
            listener,
            common::client_for(&sandbox),
            app::Today::Fixed(today),
        ));
        Sessions {
            sandbox,
            url,
            http: reqwest::Client::new(),
            server,
        }
    }

    async fn get(&self, query: &str) -> (u16, String) {
        let response = self
            .http
            .get(format!("{}{query}", self.url))
            .send()
            .await
            .expect("GET /sessions");
        let status = response.status().as_u16();
        (status, response.text().await.expect("a body"))
    }

    async fn sign_up(&self, work: u64, attendee: &str) -> (u16, String) {
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("attendee", attendee)
            .append_pair("start", "0")
            .finish();
        let response = self
            .http
            .post(format!("{}/{work}/attend", self.url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("POST a sign-up");
        let status = response.status().as_u16();
        (status, response.text().await.expect("a body"))
    }

    fn attending(&self, work: u64, profile: u64) -> usize {
        self.sandbox
            .state()
            .attendances
            .iter()
            .filter(|a| a.work_id == work && a.profile_id == profile)
            .count()
    }

    async fn stop(self) {
        self.server.abort();
        self.sandbox.shutdown().await;
    }
}

/// The outcome notice's kind (its `notice-…` class), if the page has one.
fn notice_kind(html: &str) -> Option<&str> {
    let at = html.find("class=\"notice notice-")? + "class=\"notice notice-".len();
    html[at..].split('"').next()
}

#[tokio::test]
async fn the_sessions_page_lists_upcoming_published_sessions() {
    let sessions = Sessions::start(Config::demo(), time::macros::date!(2026 - 12 - 05)).await;
    let (status, html) = sessions.get("").await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("<title>What&#39;s on</title>") || html.contains("<title>What's on</title>")
    );
    assert!(html.contains("from 5 December 2026"), "{html}");
    // Before the day: not listed. Unpublished: not listed.
    for gone in ["session-30936", "session-30937", "session-30940"] {
        assert!(!html.contains(gone), "{gone} is listed:\n{html}");
    }
    for listed in ["session-30938", "session-30939", "session-30941"] {
        assert!(
            html.contains(&format!("id=\"{listed}\"")),
            "{listed} missing:\n{html}"
        );
    }
    // In date order, with when, where and how many places.
    let order: Vec<usize> = ["session-30939", "session-30938", "session-30941"]
        .iter()
        .map(|id| html.find(id).expect("listed"))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "not in date order");
    assert!(html.contains("Saturday 12 December 2026, 09:00 to Sunday 13 December 2026, 17:00"));
    assert!(
        html.contains("Tuesday 8 December 2026, 18:30 to 20:30"),
        "{html}"
    );
    assert!(html.contains("id=\"places-30938\">Full<"), "{html}");
    assert!(
        html.contains("id=\"places-30939\">Sign-up online is closed"),
        "{html}"
    );
    assert!(
        html.contains("id=\"places-30941\">100 places left<"),
        "{html}"
    );
    // A sign-up form for each session open to the API, none for the full one or the one that
    // is not open to the API.
    assert!(html.contains("action=\"/sessions/30941/attend\""));
    assert!(!html.contains("action=\"/sessions/30938/attend\""));
    assert!(!html.contains("action=\"/sessions/30939/attend\""));
    assert!(!html.contains("id=\"next\"") && !html.contains("id=\"previous\""));
    sessions.stop().await;
}

#[tokio::test]
async fn each_sign_up_outcome_is_shown_and_only_a_booking_is_stored() {
    let sessions = Sessions::start(Config::demo(), time::macros::date!(2026 - 11 - 30)).await;

    let (status, html) = sessions.sign_up(30936, "priya.patel@example.org").await;
    assert_eq!(
        (status, notice_kind(&html)),
        (200, Some("booked")),
        "{html}"
    );
    assert!(
        html.contains("Junior club: Tuesday session. See you there!"),
        "{html}"
    );
    assert_eq!(sessions.attending(30936, 655), 1);

    let (status, html) = sessions.sign_up(30936, "655").await;
    assert_eq!(
        (status, notice_kind(&html)),
        (200, Some("already")),
        "{html}"
    );
    assert_eq!(sessions.attending(30936, 655), 1, "not booked twice");

    // The page offers no form for a full session, but a page loaded before it filled up
    // still posts.
    let (status, html) = sessions.sign_up(30938, "tom.walsh@example.org").await;
    assert_eq!((status, notice_kind(&html)), (200, Some("full")), "{html}");
    assert!(
        html.contains("Residential trip: Peak District has no places left"),
        "{html}"
    );
    assert_eq!(sessions.attending(30938, 654), 0);

    // Likewise for a session not open to the API.
    let (status, html) = sessions.sign_up(30939, "tom.walsh@example.org").await;
    assert_eq!(
        (status, notice_kind(&html)),
        (200, Some("closed")),
        "{html}"
    );
    assert_eq!(sessions.attending(30939, 654), 0);

    let (status, html) = sessions.sign_up(30941, "smiths@example.org").await;
    assert_eq!(
        (status, notice_kind(&html)),
        (200, Some("not-found")),
        "{html}"
    );
    assert!(
        html.contains("value=\"smiths@example.org\""),
        "what was typed is kept"
    );

    let requests_before = sessions.sandbox.requests().len();
    for typed in ["", "   ", "not an email", "<script>alert(1)</script>"] {
        let (status, html) = sessions.sign_up(30941, typed).await;
        assert_eq!(
            (status, notice_kind(&html)),
            (422, Some("invalid")),
            "{typed:?}: {html}"
        );
        assert!(!html.contains("<script>alert"), "what was typed is escaped");
        assert!(html.contains("aria-invalid=\"true\""));
    }
    let attends = sessions.sandbox.requests()[requests_before..]
        .iter()
        .filter(|request| request.path.contains("work/attend"))
        .count();
    assert_eq!(
        attends, 0,
        "nothing is sent for input that is neither an email nor an id"
    );
    assert_eq!(
        sessions
            .sandbox
            .state()
            .attendances
            .iter()
            .filter(|a| a.work_id == 30941)
            .count(),
        0
    );
    sessions.stop().await;
}

#[tokio::test]
async fn the_sessions_page_pages_and_escapes_what_lamplight_sends() {
    // The demo charity, with a dozen more sessions in January, one with markup in its title.
    let mut toml = include_str!("../lamplight-sandbox/sandbox.example.toml").to_owned();
    for day in 1..=12u32 {
        let title = if day == 7 {
            "Art <b>club</b> & \\\"friends\\\"".to_owned()
        } else {
            format!("January session {day}")
        };
        toml.push_str(&format!(
            "\n[[work]]\nid = {id}\ntitle = \"{title}\"\nstart_date = \"2027-01-{day:02} 10:00:00\"\n\
             end_date = \"2027-01-{day:02} 12:00:00\"\nworkareas = [1]\napi_attendance = true\n",
            id = 40000 + day,
        ));
    }
    let config = Config::from_toml_str(&toml).expect("the extended demo parses");
    let sessions = Sessions::start(config, time::macros::date!(2026 - 12 - 05)).await;

    // 3 in December and 12 in January: two pages of ten.
    let (status, first) = sessions.get("").await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first.matches("<li class=\"session\"").count(), 10);
    assert!(
        first.contains("id=\"next\" href=\"/sessions?start=10\""),
        "{first}"
    );
    assert!(!first.contains("id=\"previous\""));
    let (status, second) = sessions.get("?start=10").await;
    assert_eq!(status, 200, "{second}");
    assert_eq!(second.matches("<li class=\"session\"").count(), 5);
    assert!(
        second.contains("id=\"previous\" href=\"/sessions?start=0\""),
        "{second}"
    );
    assert!(!second.contains("id=\"next\""));
    assert!(second.contains("session-40012"));
    assert!(!second.contains("session-40001"));

    let page = if first.contains("session-40007") {
        &first
    } else {
        &second
    };
    assert!(
        page.contains("Art &lt;b&gt;club&lt;/b&gt; &amp; &#34;friends&#34;")
            || page.contains("Art &lt;b&gt;club&lt;&#x2f;b&gt; &amp; &quot;friends&quot;"),
        "the title is escaped:\n{page}"
    );
    assert!(!page.contains("<b>club</b>"));

    let (status, _) = sessions.get("?start=ten").await;
    assert_eq!(status, 400, "a start that is not a number is refused");
    sessions.stop().await;
}
