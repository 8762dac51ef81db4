//! The referral form in a real headless Chromium, driven through chromedriver (WebDriver): an
//! empty submission shows inline errors, a mistake keeps what was typed, and a filled-in form
//! (typed text, a chosen option, ticked boxes, a date) reaches the confirmation page and
//! Lamplight.
//!
//! The "What's on" page in the same browser: the sessions are listed, a sign-up by email books a
//! place, and signing up again, for a full session or with an address shared by two profiles
//! shows why not.
//!
//! Needs `chromium` and `chromedriver` on the `PATH` (Debian: `apt-get install chromium
//! chromium-driver`). Without them each test reports "ignored" with that reason, unless
//! `LAMPLIGHT_BROWSER_TESTS=1` is set, as CI sets it, in which case it fails. The file has its own
//! `main` (libtest-mimic) because the built-in harness cannot decide at run time to ignore a
//! test.
//! `LAMPLIGHT_SCREENSHOT_DIR=dir` saves screenshots of the error and confirmation pages there.

mod common;

use lamplight_examples::referral_form::app;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client as WebDriver, ClientBuilder, Locator};
use lamplight_sandbox::{Config, Sandbox};
use libtest_mimic::{Arguments, Completion, Trial};

/// The most any single wait may take: generous, as a loaded machine may be slow to start a
/// browser. A wait ends as soon as its element appears.
const WAIT: Duration = Duration::from_secs(60);

/// Where a program is: `$PATH` first, then the usual Debian place.
fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    names
        .iter()
        .flat_map(|name| {
            std::env::split_paths(&path)
                .map(move |dir| dir.join(name))
                .chain(std::iter::once(Path::new("/usr/bin").join(name)))
        })
        .find(|candidate| candidate.is_file())
}

/// chromedriver, in a process group of its own with the browser it starts, and the browser's
/// fresh profile directory. Dropping it ends both processes and removes the directory, on every
/// path out of the test, panics included.
struct Driver {
    process: Child,
    profile: PathBuf,
    url: String,
}

impl Driver {
    async fn start(chromedriver: &Path) -> Driver {
        // chromedriver needs a port number: take a free one from the OS and hand it over.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let profile =
            std::env::temp_dir().join(format!("lamplight-browser-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&profile).expect("a profile directory");
        let mut command = Command::new(chromedriver);
        command
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt as _;
            command.process_group(0);
        }
        let process = command.spawn().expect("chromedriver starts");
        let driver = Driver {
            process,
            profile,
            url: format!("http://127.0.0.1:{port}"),
        };
        driver.wait_until_ready().await;
        driver
    }

    /// Polls chromedriver's status endpoint until it answers, within [`WAIT`].
    async fn wait_until_ready(&self) {
        let http = reqwest::Client::new();
        let status = format!("{}/status", self.url);
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            if let Ok(response) = http.get(&status).send().await
                && response.status().is_success()
            {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "chromedriver did not start answering on {status}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn connect(&self, chromium: &Path) -> WebDriver {
        let profile = format!("--user-data-dir={}", self.profile.display());
        let options = serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--lang=en-US",
                "--window-size=1000,2600", profile,
            ],
        });
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), "chrome".into());
        capabilities.insert("goog:chromeOptions".into(), options);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .expect("a Chromium session through chromedriver")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The browser runs in chromedriver's process group: end the group, then reap
        // chromedriver itself.
        #[cfg(unix)]
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.process.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.process.kill();
        let _ = self.process.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

async fn find(browser: &WebDriver, css: &str) -> fantoccini::elements::Element {
    browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|error| panic!("no element {css}: {error}"))
}

/// Waits, within [`WAIT`], until `element`'s page has been replaced by the next one.
async fn wait_until_gone(element: &fantoccini::elements::Element) {
    let deadline = tokio::time::Instant::now() + WAIT;
    // Any error means the element no longer exists: its page has gone.
    while element.tag_name().await.is_ok() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the page was not replaced after submitting"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn type_into(browser: &WebDriver, name: &str, text: &str) {
    let element = find(browser, &format!("[name=\"{name}\"]")).await;
    element.clear().await.expect("clear");
    element.send_keys(text).await.expect("typing");
}

async fn attr(browser: &WebDriver, css: &str, attribute: &str) -> Option<String> {
    find(browser, css)
        .await
        .attr(attribute)
        .await
        .expect("an attribute")
}

async fn screenshot(browser: &WebDriver, file: &str) {
    if let Some(dir) = std::env::var_os("LAMPLIGHT_SCREENSHOT_DIR") {
        let png = browser.screenshot().await.expect("a screenshot");
        std::fs::write(Path::new(&dir).join(file), png).expect("the screenshot is saved");
    }
}

/// Runs `test` in a runtime of its own, with the browser's programs, or reports why it cannot.
fn browser_trial<F, Fut>(name: &str, programs: &Programs, test: F) -> Trial
where
    F: FnOnce(PathBuf, PathBuf) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()>,
{
    let programs = programs.clone();
    Trial::ignorable_test(name, move || {
        let (chromium, chromedriver) = match programs {
            Programs::Found {
                chromium,
                chromedriver,
            } => (chromium, chromedriver),
            Programs::Missing { required: true } => {
                return Err(format!(
                    "LAMPLIGHT_BROWSER_TESTS=1 but {MISSING} (apt-get install chromium \
                     chromium-driver)"
                )
                .into());
            }
            Programs::Missing { required: false } => {
                return Ok(Completion::ignored_with(format!(
                    "{MISSING}; set LAMPLIGHT_BROWSER_TESTS=1 to make this a failure"
                )));
            }
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|error| format!("a tokio runtime: {error}"))?;
        runtime.block_on(test(chromium, chromedriver));
        Ok(Completion::Completed)
    })
}

const MISSING: &str = "chromium or chromedriver is not installed";

/// The browser's programs, or whether their absence is a failure.
#[derive(Clone)]
enum Programs {
    Found {
        chromium: PathBuf,
        chromedriver: PathBuf,
    },
    Missing {
        required: bool,
    },
}

fn main() -> std::process::ExitCode {
    let args = Arguments::from_args();
    let required = std::env::var("LAMPLIGHT_BROWSER_TESTS").is_ok_and(|v| v == "1");
    let programs = match (
        find_program(&["chromium", "chromium-browser"]),
        find_program(&["chromedriver"]),
    ) {
        (Some(chromium), Some(chromedriver)) => Programs::Found {
            chromium,
            chromedriver,
        },
        _ => Programs::Missing { required },
    };
    let trials = vec![
        browser_trial(
            "a_referral_through_headless_chromium",
            &programs,
            a_referral_through_headless_chromium,
        ),
        browser_trial(
            "a_sign_up_on_the_sessions_page_through_headless_chromium",
            &programs,
            a_sign_up_on_the_sessions_page_through_headless_chromium,
        ),
    ];
    libtest_mimic::run(&args, trials).exit_code()
}

async fn a_referral_through_headless_chromium(chromium: PathBuf, chromedriver: PathBuf) {
    let sandbox = Sandbox::start(Config::demo())
        .await
        .expect("the sandbox starts");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let url = format!("http://{}/", listener.local_addr().expect("its address"));
    let server = tokio::spawn(app::serve(listener, common::client_for(&sandbox)));

    let driver = Driver::start(&chromedriver).await;
    let browser = driver.connect(&chromium).await;

    browser.goto(&url).await.expect("the form opens");
    assert_eq!(
        browser.title().await.expect("a title"),
        "Refer a young person"
    );

    // Sent empty: every required field of the young person and the referral is marked.
    find(&browser, "button[type=submit]")
        .await
        .click()
        .await
        .expect("submit");
    let summary = find(&browser, ".error-summary").await;
    assert!(
        summary
            .text()
            .await
            .expect("text")
            .contains("There is a problem")
    );
    let first_name_error = find(&browser, "#young-person-first-name-error").await;
    assert!(
        first_name_error
            .text()
            .await
            .expect("text")
            .contains("First name is required")
    );
    assert_eq!(
        attr(&browser, "#young-person-first-name", "aria-invalid").await,
        Some("true".into())
    );
    assert_eq!(
        attr(&browser, "#young-person-first-name", "aria-describedby").await,
        Some("young-person-first-name-error".into())
    );
    find(&browser, "#referral-How-did-you-hear-error").await;
    screenshot(&browser, "form-errors.png").await;

    // Filled in, but with a postcode that is not one.
    type_into(&browser, "young_person.first_name", "Alex").await;
    type_into(&browser, "young_person.surname", "Morgan").await;
    type_into(&browser, "young_person.postcode", "NOT VALID").await;
    type_into(&browser, "young_person.email", "alex.morgan@example.org").await;
    // A date input takes the digits in the browser's locale order (en-US: month, day, year).
    type_into(&browser, "young_person.Date_of_birth", "05142011").await;
    assert_eq!(
        find(&browser, "#young-person-Date-of-birth")
            .await
            .prop("value")
            .await
            .expect("value"),
        Some("2011-05-14".into()),
        "the date input holds the typed date"
    );
    type_into(&browser, "referrer.first_name", "Priya").await;
    type_into(&browser, "referrer.surname", "Shah").await;
    type_into(
        &browser,
        "referral.referral_reason",
        "Would like a mentor & a club",
    )
    .await;
    find(&browser, "#referral-workareaid")
        .await
        .select_by_value("21")
        .await
        .expect("a workarea");
    find(&browser, "#referral-How-did-you-hear")
        .await
        .select_by_label("Website")
        .await
        .expect("an option");
    type_into(&browser, "referral.school_year", "9").await;
    find(
        &browser,
        "input[name=\"referral.Support_needed\"][value=\"Wellbeing\"]",
    )
    .await
    .click()
    .await
    .expect("a tick");
    find(&browser, "#referral-Consent-given")
        .await
        .click()
        .await
        .expect("a tick");
    find(&browser, "#session")
        .await
        .select_by_value("30936")
        .await
        .expect("a session");
    find(&browser, "button[type=submit]")
        .await
        .click()
        .await
        .expect("submit");

    // Only the postcode is wrong, and everything typed is still there.
    let postcode_error = find(&browser, "#young-person-postcode-error").await;
    assert!(
        postcode_error
            .text()
            .await
            .expect("text")
            .contains("UK postcode")
    );
    let errors = browser
        .find_all(Locator::Css("p.error"))
        .await
        .expect("errors");
    assert_eq!(errors.len(), 1, "only the postcode is marked");
    let value = |css: &'static str| {
        let browser = &browser;
        async move { find(browser, css).await.prop("value").await.expect("value") }
    };
    assert_eq!(value("#young-person-first-name").await, Some("Alex".into()));
    assert_eq!(
        value("#young-person-postcode").await,
        Some("NOT VALID".into())
    );
    assert_eq!(
        value("#young-person-Date-of-birth").await,
        Some("2011-05-14".into())
    );
    assert_eq!(
        value("#referral-How-did-you-hear").await,
        Some("Website".into())
    );
    assert_eq!(
        find(
            &browser,
            "input[name=\"referral.Support_needed\"][value=\"Wellbeing\"]"
        )
        .await
        .prop("checked")
        .await
        .expect("checked"),
        Some("true".into())
    );
    assert_eq!(sandbox.state().referrals.len(), 0, "nothing was sent yet");

    type_into(&browser, "young_person.postcode", "sw1a 1aa").await;
    find(
        &browser,
        "input[name=\"referral.Support_needed\"][value=\"Education\"]",
    )
    .await
    .click()
    .await
    .expect("a tick");
    find(&browser, "button[type=submit]")
        .await
        .click()
        .await
        .expect("submit");

    let referral_id: u64 = find(&browser, "#referral-id")
        .await
        .text()
        .await
        .expect("text")
        .parse()
        .expect("the referral id is a number");
    let young_id: u64 = find(&browser, "#young-person-id")
        .await
        .text()
        .await
        .expect("text")
        .parse()
        .expect("a profile id");
    let referrer_id: u64 = find(&browser, "#referrer-id")
        .await
        .text()
        .await
        .expect("text")
        .parse()
        .expect("a profile id");
    let booking = find(&browser, "#session-booking")
        .await
        .text()
        .await
        .expect("text");
    assert!(booking.contains("Booked onto Junior club"), "{booking}");
    screenshot(&browser, "confirmation.png").await;
    browser.close().await.expect("the session closes");
    drop(driver);

    let state = sandbox.state();
    let young = state.profile(young_id).expect("the young person is stored");
    assert_eq!(young.core("first_name"), Some("Alex"));
    assert_eq!(young.core("postcode"), Some("SW1A 1AA"));
    assert_eq!(
        young.custom("Date of birth").and_then(|v| v.as_str()),
        Some("2011-05-14")
    );
    assert_eq!(
        state.profile(referrer_id).and_then(|p| p.core("surname")),
        Some("Shah")
    );
    assert_eq!(state.referrals.len(), 1, "the referral was stored once");
    let referral = state.referral(referral_id).expect("the referral is stored");
    assert_eq!(referral.attendee_id, young_id);
    assert_eq!(referral.referrer_id, Some(referrer_id));
    assert_eq!(
        referral.reason.as_deref(),
        Some("Would like a mentor & a club")
    );
    assert_eq!(referral.workarea_ids, [21]);
    let custom = |label: &str| referral.custom.get(label).map(|v| v.values().to_vec());
    assert_eq!(custom("How did you hear"), Some(vec!["Website".into()]));
    assert_eq!(custom("school year"), Some(vec!["9".into()]));
    assert_eq!(
        custom("Support needed"),
        Some(vec!["Education".into(), "Wellbeing".into()])
    );
    assert_eq!(custom("Consent given"), Some(vec!["1".into()]));
    assert_eq!(
        state
            .attendances
            .iter()
            .filter(|a| a.profile_id == young_id && a.work_id == 30936)
            .count(),
        1
    );
    server.abort();
    sandbox.shutdown().await;
}

async fn a_sign_up_on_the_sessions_page_through_headless_chromium(
    chromium: PathBuf,
    chromedriver: PathBuf,
) {
    let sandbox = Sandbox::start(Config::demo())
        .await
        .expect("the sandbox starts");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let url = format!(
        "http://{}/sessions",
        listener.local_addr().expect("its address")
    );
    // The demo charity's sessions run in December 2026: list them from the day before.
    let today = app::Today::Fixed(time::macros::date!(2026 - 11 - 30));
    let server = tokio::spawn(app::serve_at(listener, common::client_for(&sandbox), today));

    let driver = Driver::start(&chromedriver).await;
    let browser = driver.connect(&chromium).await;
    browser.goto(&url).await.expect("the page opens");
    assert_eq!(browser.title().await.expect("a title"), "What's on");
    let junior = find(&browser, "#session-30936 h2").await;
    assert_eq!(
        junior.text().await.expect("text"),
        "Junior club: Tuesday session"
    );
    let closed = find(&browser, "#places-30939").await;
    assert!(
        closed.text().await.expect("text").contains("closed"),
        "the session not open to the API has no form"
    );
    assert_eq!(
        find(&browser, "#places-30938")
            .await
            .text()
            .await
            .expect("text"),
        "Full"
    );
    assert!(
        browser
            .find_all(Locator::Css("#session-30938 form, #session-30939 form"))
            .await
            .expect("forms")
            .is_empty()
    );
    assert!(
        browser
            .find_all(Locator::Css("#session-30940"))
            .await
            .expect("sessions")
            .is_empty(),
        "an unpublished session is not listed"
    );

    // Each sign-up reloads the page with its outcome above the list.
    let sign_up = |work: u64, who: &'static str| {
        let browser = &browser;
        async move {
            let input = find(browser, &format!("#attendee-{work}")).await;
            input.clear().await.expect("clear");
            input.send_keys(who).await.expect("typing");
            // The page before the submission, to tell its notice from the next page's.
            let before = find(browser, "main").await;
            find(browser, &format!("#session-{work} button[type=submit]"))
                .await
                .click()
                .await
                .expect("submit");
            wait_until_gone(&before).await;
            let outcome = find(browser, "#outcome").await;
            let class = outcome.attr("class").await.expect("a class");
            (
                class.unwrap_or_default(),
                outcome.text().await.expect("text"),
            )
        }
    };
    let (class, text) = sign_up(30936, "priya.patel@example.org").await;
    assert!(class.contains("notice-booked"), "{class}: {text}");
    assert!(text.contains("Junior club"), "{text}");
    screenshot(&browser, "sessions-booked.png").await;

    let (class, text) = sign_up(30936, "priya.patel@example.org").await;
    assert!(class.contains("notice-already"), "{class}: {text}");

    let (class, text) = sign_up(30941, "smiths@example.org").await;
    assert!(class.contains("notice-not-found"), "{class}: {text}");
    assert_eq!(
        find(&browser, "#attendee-30941")
            .await
            .prop("value")
            .await
            .expect("value"),
        Some("smiths@example.org".into()),
        "what was typed is kept"
    );

    screenshot(&browser, "sessions-not-found.png").await;
    browser.close().await.expect("the session closes");
    drop(driver);

    let state = sandbox.state();
    let attending = |work: u64, profile: u64| {
        state
            .attendances
            .iter()
            .filter(|a| a.work_id == work && a.profile_id == profile)
            .count()
    };
    assert_eq!(attending(30936, 655), 1, "booked once, not twice");
    assert_eq!(
        state
            .attendances
            .iter()
            .filter(|a| a.work_id == 30941)
            .count(),
        0
    );
    server.abort();
    sandbox.shutdown().await;
}
