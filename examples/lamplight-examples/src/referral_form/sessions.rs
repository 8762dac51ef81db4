//! The "What's on" page: upcoming sessions a page at a time, each open one with a sign-up form.
//!
//! The page is rendered by minijinja from `templates/sessions.html`, inside the same shell as the
//! referral form ([`page`](crate::referral_form::html::page)). minijinja escapes every value the template
//! prints, because the template's name ends in `.html`.

use std::collections::HashMap;

use lamplight::{
    Attendance, Client, ErrorCode, ProfileRef, WorkSummary, Workarea, WorkareaId, WorkareaRef,
};
use minijinja::Environment;
use minijinja::value::Serde;
use serde::Serialize;
use time::macros::format_description;
use time::{Date, PrimitiveDateTime};

/// How many sessions one page lists.
pub const PAGE_SIZE: u64 = 10;

/// The template, compiled once when the application starts.
pub fn templates() -> Environment<'static> {
    let mut env = Environment::new();
    // A template that does not parse is a bug in this crate: `tests/referral_form.rs` renders it.
    if let Err(error) = env.add_template(
        "sessions.html",
        include_str!("../../templates/sessions.html"),
    ) {
        panic!("templates/sessions.html does not parse: {error:#}");
    }
    env
}

/// One session as the template shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SessionView {
    /// The work record's id, which the sign-up form posts back.
    pub id: u64,
    /// The title, as the work record gives it.
    pub title: String,
    /// When it runs, e.g. "Tuesday 1 December 2026, 16:00 to 18:00".
    pub when: String,
    /// Its workareas' names, joined with commas.
    pub workareas: String,
    /// Whether attendees may sign up through the API, so the page offers a form.
    pub open: bool,
    /// Whether it is closed to sign-ups because no places are left: Lamplight then stops
    /// offering attendance (`may_add_attend` false) but still gives the counts.
    pub full: bool,
    /// Places left, when Lamplight says how many may attend.
    pub places_left: Option<u32>,
}

impl SessionView {
    /// The view of `work`, naming its workareas from `names` (id to name) when it gives ids.
    pub fn new(work: &WorkSummary, names: &HashMap<WorkareaId, String>) -> SessionView {
        let workareas: Vec<String> = work
            .workarea
            .iter()
            .filter_map(|area| match area {
                WorkareaRef::Id(id) => names.get(id).cloned(),
                WorkareaRef::Name(name) => Some(name.clone()),
            })
            .collect();
        SessionView {
            id: work.id.into(),
            title: work.title.clone(),
            when: when(work.start_date, work.end_date),
            workareas: workareas.join(", "),
            open: work.may_add_attend,
            full: work.places_left() == Some(0),
            places_left: work.places_left(),
        }
    }
}

fn when(start: Option<PrimitiveDateTime>, end: Option<PrimitiveDateTime>) -> String {
    let day = format_description!("[weekday] [day padding:none] [month repr:long] [year]");
    let clock = format_description!("[hour]:[minute]");
    let Some(start) = start else {
        return "Date to be announced".to_owned();
    };
    let mut text = format!(
        "{}, {}",
        start.date().format(&day).unwrap_or_default(),
        start.time().format(&clock).unwrap_or_default()
    );
    if let Some(end) = end {
        if end.date() == start.date() {
            text.push_str(&format!(
                " to {}",
                end.time().format(&clock).unwrap_or_default()
            ));
        } else {
            text.push_str(&format!(
                " to {}, {}",
                end.date().format(&day).unwrap_or_default(),
                end.time().format(&clock).unwrap_or_default()
            ));
        }
    }
    text
}

/// What became of a sign-up, as the page reports it above the list.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    /// One of `booked`, `full`, `already`, `closed`, `not-found`, `invalid` or `error`: the
    /// notice's CSS class, and what the tests look for.
    pub kind: &'static str,
    /// The session signed up for.
    pub work_id: u64,
    /// The heading, e.g. "You're booked".
    pub title: String,
    /// What happened, in a sentence.
    pub text: String,
    /// What was typed, kept in the form when the sign-up did not go through.
    pub attendee: Option<String>,
}

/// Signs `attendee` (an email address or a profile id, as typed) up to the session `work_id`
/// named `title`, and says what happened. Nothing is sent when `attendee` is neither.
pub async fn sign_up(client: &Client, work_id: u64, title: &str, attendee: &str) -> Notice {
    let typed = attendee.trim();
    let notice = |kind, heading: &str, text: String, keep: bool| Notice {
        kind,
        work_id,
        title: heading.to_owned(),
        text,
        attendee: keep.then(|| typed.to_owned()),
    };
    let who: ProfileRef = match typed.parse() {
        Ok(who) if !typed.is_empty() => who,
        _ => {
            return notice(
                "invalid",
                "Please check your details",
                format!(
                    "to sign up for {title}, enter the email address or the profile number we \
                     have for you"
                ),
                true,
            );
        }
    };
    // A refusal comes back either as an entry of the reply or, for a single session, as the
    // whole request's error: both carry the code that says why.
    let refusal = match client.attend(&Attendance::new([work_id], who)).await {
        Ok(outcome) => outcome
            .results
            .iter()
            .find(|result| !result.attended)
            .map(|result| result.error.as_ref().map(|error| error.code)),
        Err(error) => match error.code() {
            Some(code) => Some(Some(code)),
            None => {
                return notice(
                    "error",
                    "Not signed up",
                    format!("Lamplight could not be reached ({error}); please try again later"),
                    true,
                );
            }
        },
    };
    match refusal {
        None => notice(
            "booked",
            "You're booked",
            format!("you have a place at {title}. See you there!"),
            false,
        ),
        Some(Some(ErrorCode::NoSpacesLeft)) => notice(
            "full",
            "This session is full",
            format!("{title} has no places left; please choose another session"),
            true,
        ),
        Some(Some(ErrorCode::AlreadyAttending)) => notice(
            "already",
            "Already signed up",
            format!("you already have a place at {title}"),
            false,
        ),
        Some(Some(ErrorCode::AttendanceNotAllowed)) => notice(
            "closed",
            "Sign-up is closed",
            format!("{title} does not take sign-ups online; please ask us in person"),
            false,
        ),
        Some(Some(ErrorCode::AmbiguousAttendee | ErrorCode::InvalidAttendee)) => notice(
            "not-found",
            "We couldn't find you",
            format!("no single profile matches \"{typed}\"; check it, or ask us to register you"),
            true,
        ),
        Some(code) => notice(
            "error",
            "Not signed up",
            match code {
                Some(code) => format!(
                    "Lamplight refused the sign-up for {title} (error {}: {})",
                    code.number(),
                    code.meaning()
                ),
                None => format!("Lamplight refused the sign-up for {title}"),
            },
            true,
        ),
    }
}

/// One page of upcoming sessions: from `today`, `PAGE_SIZE` of them from `start`.
pub struct Listing {
    /// The sessions on this page.
    pub sessions: Vec<SessionView>,
    /// Where the previous page starts, unless this is the first.
    pub previous: Option<u64>,
    /// Where the next page starts, when there are more.
    pub next: Option<u64>,
}

/// Reads one page of sessions after `today`, and the workareas to name them with.
pub async fn list(client: &Client, today: Date, start: u64) -> Result<Listing, lamplight::Error> {
    let page = client
        .work()
        .after(today)
        .num(PAGE_SIZE)
        .start(start)
        .send()
        .await?;
    let names = names(&client.workareas().await?);
    let shown = start.saturating_add(page.records.len() as u64);
    let more = match page.total {
        Some(total) => shown < total,
        None => page.records.len() as u64 == PAGE_SIZE,
    };
    Ok(Listing {
        sessions: page
            .records
            .iter()
            .map(|work| SessionView::new(work, &names))
            .collect(),
        previous: (start > 0).then(|| start.saturating_sub(PAGE_SIZE)),
        next: more.then_some(shown),
    })
}

fn names(workareas: &[Workarea]) -> HashMap<WorkareaId, String> {
    let mut names = HashMap::new();
    for area in workareas {
        names.insert(area.id.clone(), area.text.clone());
        for child in &area.children {
            names.insert(child.id.clone(), child.text.clone());
        }
    }
    names
}

/// The page's HTML between the shell's `<main>` tags.
pub fn render(
    env: &Environment<'static>,
    today: Date,
    start: u64,
    listing: &Listing,
    notice: Option<&Notice>,
) -> Result<String, minijinja::Error> {
    let from = today
        .format(format_description!(
            "[day padding:none] [month repr:long] [year]"
        ))
        .unwrap_or_default();
    env.get_template("sessions.html")?
        .render(minijinja::context! {
            from,
            start,
            sessions => Serde(&listing.sessions),
            previous => listing.previous,
            next => listing.next,
            notice => Serde(notice),
        })
}
