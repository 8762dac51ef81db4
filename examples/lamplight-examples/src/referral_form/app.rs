//! The web application: `GET /` shows the form, `POST /` checks it and runs the intake flow;
//! `GET /sessions` lists what's on, `POST /sessions/{id}/attend` signs someone up.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use lamplight::{Attendance, Client, ProfileRef};
use minijinja::Environment;
use serde::Deserialize;
use time::Date;
use tokio::net::TcpListener;

use crate::quickstart::{self, Referred};
use crate::referral_form::form::{self, Choices};
use crate::referral_form::html::{escape, page};
use crate::referral_form::sessions::{self, Notice};
use crate::referral_form::validate::{self, Errors, Valid, Values};

const TITLE: &str = "Refer a young person";

/// The page's own rules: no scripts, nothing from elsewhere, and forms post only back here.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

#[derive(Clone)]
struct AppState {
    client: Arc<Client>,
    templates: Arc<Environment<'static>>,
    today: Today,
}

/// Which day the "What's on" page lists sessions from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Today {
    /// The server's clock, in UTC: what a live site wants.
    Clock,
    /// A fixed day: for tests and demonstrations against fixed data such as the sandbox's.
    Fixed(Date),
}

impl Today {
    fn date(self) -> Date {
        match self {
            Today::Clock => time::OffsetDateTime::now_utc().date(),
            Today::Fixed(date) => date,
        }
    }
}

/// The application's routes, sending to Lamplight through `client` and listing sessions from
/// today's date.
pub fn router(client: Client) -> Router {
    router_at(client, Today::Clock)
}

/// [`router`], with the "What's on" page listing sessions from `today`.
pub fn router_at(client: Client, today: Today) -> Router {
    Router::new()
        .route("/", get(show_form).post(submit))
        .route("/sessions", get(show_sessions))
        .route("/sessions/{id}/attend", axum::routing::post(attend))
        .with_state(AppState {
            client: Arc::new(client),
            templates: Arc::new(sessions::templates()),
            today,
        })
}

/// Serves the pages on `listener` until the task is dropped or the listener fails.
pub async fn serve(listener: TcpListener, client: Client) -> std::io::Result<()> {
    axum::serve(listener, router(client)).await
}

/// [`serve`], with the "What's on" page listing sessions from `today`.
pub async fn serve_at(listener: TcpListener, client: Client, today: Today) -> std::io::Result<()> {
    axum::serve(listener, router_at(client, today)).await
}

const SESSIONS_TITLE: &str = "What's on";

/// `?start=N`: where the page of sessions starts.
#[derive(Debug, Default, Deserialize)]
struct Paging {
    #[serde(default)]
    start: u64,
}

/// The sign-up form: who, and which page of sessions to show again.
#[derive(Debug, Deserialize)]
struct SignUp {
    #[serde(default)]
    attendee: String,
    #[serde(default)]
    start: u64,
}

async fn show_sessions(State(app): State<AppState>, Query(paging): Query<Paging>) -> Response {
    sessions_page(&app, paging.start, None).await
}

async fn attend(
    State(app): State<AppState>,
    Path(work_id): Path<u64>,
    Form(sign_up): Form<SignUp>,
) -> Response {
    // The title names the session in the notice; a session that is no longer listed (past,
    // unpublished or unknown) is still sent, and Lamplight's answer decides.
    let title = match app.client.work_record(work_id).await {
        Ok(work) => work.title,
        Err(_) => format!("session {work_id}"),
    };
    let notice = sessions::sign_up(&app.client, work_id, &title, &sign_up.attendee).await;
    sessions_page(&app, sign_up.start, Some(&notice)).await
}

async fn sessions_page(app: &AppState, start: u64, notice: Option<&Notice>) -> Response {
    let today = app.today.date();
    let listing = match sessions::list(&app.client, today, start).await {
        Ok(listing) => listing,
        Err(error) => return unavailable(&error),
    };
    let status = match notice.map(|notice| notice.kind) {
        Some("invalid") => StatusCode::UNPROCESSABLE_ENTITY,
        Some("error") => StatusCode::BAD_GATEWAY,
        _ => StatusCode::OK,
    };
    match sessions::render(&app.templates, today, start, &listing, notice) {
        Ok(body) => html_response(status, SESSIONS_TITLE, &body),
        Err(error) => html_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong",
            &format!(
                "<h1>Sorry, this page could not be shown</h1>\n<p>{}</p>\n",
                escape(&error.to_string())
            ),
        ),
    }
}

async fn show_form(State(app): State<AppState>) -> Response {
    match load_choices(&app.client).await {
        Ok(choices) => html_response(
            StatusCode::OK,
            TITLE,
            &form::render(&Values::default(), &Errors::default(), &choices, None),
        ),
        Err(error) => unavailable(&error),
    }
}

async fn submit(State(app): State<AppState>, body: Bytes) -> Response {
    let values = Values::parse(&body);
    let choices = match load_choices(&app.client).await {
        Ok(choices) => choices,
        Err(error) => return unavailable(&error),
    };
    let valid = match validate::validate(&values, &choices) {
        Ok(valid) => valid,
        Err(errors) => {
            return html_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("Error: {TITLE}"),
                &form::render(&values, &errors, &choices, None),
            );
        }
    };
    let Valid {
        young_person,
        referrer,
        referral,
        session,
    } = valid;
    let referred =
        match quickstart::refer(&app.client, &young_person, referrer.as_ref(), referral).await {
            Ok(referred) => referred,
            Err(error) => {
                let notice = format!(
                    "The referral could not be sent to Lamplight: {error}. Please check with us \
                     before sending it again."
                );
                return html_response(
                    StatusCode::BAD_GATEWAY,
                    &format!("Error: {TITLE}"),
                    &form::render(&values, &Errors::default(), &choices, Some(&notice)),
                );
            }
        };
    let booking = match session.and_then(|id| choices.session(id)) {
        Some(work) => Some(
            book(
                &app.client,
                work.id.get(),
                &work.title,
                referred.young_person,
            )
            .await,
        ),
        None => None,
    };
    let name = format!("{} {}", young_person.first_name, young_person.surname);
    html_response(
        StatusCode::OK,
        "Referral sent",
        &confirmation(&name, &referred, booking.as_deref()),
    )
}

/// Books the young person onto a session; a refusal is part of the confirmation, not a
/// failure of the referral, which has already been stored.
async fn book(client: &Client, work_id: u64, title: &str, young_person: u64) -> String {
    let attendance = Attendance::new([work_id], ProfileRef::id(young_person));
    match client.attend(&attendance).await {
        Ok(outcome) if outcome.all_attended() => format!("Booked onto {title}"),
        Ok(outcome) => {
            let reasons: Vec<String> = outcome
                .results
                .iter()
                .filter_map(|result| result.error.as_ref().map(ToString::to_string))
                .collect();
            format!("Not booked onto {title}: {}", reasons.join("; "))
        }
        Err(error) => format!("Not booked onto {title}: {error}"),
    }
}

fn confirmation(name: &str, referred: &Referred, booking: Option<&str>) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        "<div class=\"confirmation\" role=\"status\">\n<h1>Referral sent</h1>\n\
         <p>Reference <strong>{referral}</strong></p>\n</div>\n\
         <p>Thank you. Lamplight has the referral of {name}; we will be in touch.</p>\n\
         <dl class=\"ids\">\n\
         <dt>Referral</dt><dd id=\"referral-id\">{referral}</dd>\n\
         <dt>Young person's profile</dt><dd id=\"young-person-id\">{young_person}</dd>\n",
        referral = referred.referral,
        young_person = referred.young_person,
        name = escape(name),
    );
    match referred.referrer {
        Some(id) => {
            let _ = writeln!(
                html,
                "<dt>Referrer's profile</dt><dd id=\"referrer-id\">{id}</dd>"
            );
        }
        None => html.push_str("<dt>Referrer</dt><dd id=\"referrer-id\">Self-referral</dd>\n"),
    }
    if let Some(booking) = booking {
        let _ = writeln!(
            html,
            "<dt>Session</dt><dd id=\"session-booking\">{}</dd>",
            escape(booking)
        );
    }
    html.push_str("</dl>\n<p><a href=\"/\">Refer another young person</a></p>\n");
    html
}

async fn load_choices(client: &Client) -> Result<Choices, lamplight::Error> {
    Ok(Choices {
        workareas: client.workareas().await?,
        sessions: quickstart::open_sessions(client).await?,
    })
}

fn unavailable(error: &lamplight::Error) -> Response {
    html_response(
        StatusCode::BAD_GATEWAY,
        "Service unavailable",
        &format!(
            "<h1>Sorry, the form is not available</h1>\n<p>Lamplight could not be reached: {}.</p>\n\
             <p>Please try again later.</p>\n",
            escape(&error.to_string())
        ),
    )
}

fn html_response(status: StatusCode, title: &str, body: &str) -> Response {
    let mut response = (status, page(title, body)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
