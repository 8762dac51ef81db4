//! The quickstart: the whole intake flow against a Lamplight system. It lists the workareas,
//! creates the referred young person's and the referrer's profiles, sends a referral with custom
//! fields, and books the young person onto a session, printing each step and the ids Lamplight
//! returned.
//!
//! With no `LAMPLIGHT_*` variables set, [`connect`] starts the embedded sandbox (the built-in demo
//! charity) and the flow runs against that. With `LAMPLIGHT_LAMPID`, `LAMPLIGHT_PROJECT` and
//! `LAMPLIGHT_KEY` set (and optionally `LAMPLIGHT_BASE_URL`), it runs against your real system.
//!
//! The records and the [`refer`] step are shared with the referral form example, and
//! `tests/quickstart.rs` runs [`run`] against the sandbox and checks what was stored.
//!
//! ```sh
//! cargo run --example quickstart
//! ```

use lamplight::{
    Attendance, Client, Credentials, LamplightOption, LamplightRecord, Postcode, ProfileRef,
    WorkSummary, WorkareaId,
};
use lamplight_sandbox::{Config, Sandbox};

/// Anything the flow can fail with.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// How the young person heard about the charity: a select field of the organisation's own.
#[derive(LamplightOption, Debug, Clone, Copy)]
pub enum HeardVia {
    #[lamplight(rename = "Word of mouth")]
    WordOfMouth,
    Website,
    School,
}

/// What the young person would like support with: a multi-select field of the organisation's own.
#[derive(LamplightOption, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    Confidence,
    Education,
    Employment,
    Wellbeing,
    Family,
}

/// The young person being referred.
#[derive(LamplightRecord, Debug)]
#[lamplight(person, role = "user")]
pub struct YoungPerson {
    /// Lamplight's own `first_name`.
    pub first_name: String,
    /// Lamplight's own `surname`.
    pub surname: String,
    /// Normalised and checked before sending.
    pub postcode: Option<Postcode>,
    /// Lets the young person sign up to sessions by email later.
    pub email: Option<String>,
    /// A custom date field of the charity's (`Date_of_birth`).
    #[lamplight(rename = "Date of birth")]
    pub date_of_birth: time::Date,
}

/// The teacher making the referral.
#[derive(LamplightRecord, Debug)]
#[lamplight(person, role = "contact")]
pub struct Referrer {
    /// Lamplight's own `first_name`.
    pub first_name: String,
    /// Lamplight's own `surname`.
    pub surname: String,
    /// Where the charity replies to the referral.
    pub email: Option<String>,
}

/// The referral itself, with custom fields of several kinds.
#[derive(LamplightRecord, Debug)]
#[lamplight(referral)]
pub struct YouthReferral {
    /// The young person: an existing profile, as Lamplight never creates one for a referral.
    pub attendee: ProfileRef,
    /// Who referred them; `None` for a self-referral.
    pub referrer: Option<ProfileRef>,
    /// Sent as `referral_reason`.
    pub reason: String,
    /// Sent as `workareaid`.
    pub workarea: WorkareaId,
    /// A select field (`How_did_you_hear`).
    #[lamplight(rename = "How did you hear")]
    pub heard_via: HeardVia,
    /// A number field, left out when `None`.
    pub school_year: Option<u8>,
    /// A multi-select field, sent as `Support_needed[0]=...`.
    #[lamplight(rename = "Support needed")]
    pub support_needed: Vec<Support>,
    /// A date field.
    #[lamplight(rename = "Date of first contact")]
    pub first_contact: Option<time::Date>,
    /// A checkbox without options, sent as 1 or 0.
    #[lamplight(rename = "Consent given")]
    pub consent_given: bool,
}

/// The ids of the records [`refer`] created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Referred {
    /// The young person's new profile.
    pub young_person: u64,
    /// The referrer's new profile, unless the young person referred themselves.
    pub referrer: Option<u64>,
    /// The new referral.
    pub referral: u64,
}

/// The three writes of a referral: the young person's profile, the referrer's profile (unless
/// the young person refers themselves), then the referral naming both. `referral`'s `attendee`
/// and `referrer` are replaced by the new profiles.
///
/// Lamplight has no transactions: when a later write fails, the error says which profiles were
/// already created, so that nobody creates them twice by trying again blindly.
pub async fn refer(
    client: &Client,
    young_person: &YoungPerson,
    referrer: Option<&Referrer>,
    mut referral: YouthReferral,
) -> Result<Referred, ReferError> {
    let mut created = Vec::new();
    let young_person = client
        .create(young_person)
        .await
        .map_err(|source| ReferError::new(&created, source))?
        .id
        .get();
    created.push(("the young person's profile", young_person));
    let referrer = match referrer {
        Some(referrer) => {
            let id = client
                .create(referrer)
                .await
                .map_err(|source| ReferError::new(&created, source))?
                .id
                .get();
            created.push(("the referrer's profile", id));
            Some(id)
        }
        None => None,
    };
    referral.attendee = ProfileRef::id(young_person);
    referral.referrer = referrer.map(ProfileRef::id);
    let referral = client
        .create(&referral)
        .await
        .map_err(|source| ReferError::new(&created, source))?
        .id
        .get();
    Ok(Referred {
        young_person,
        referrer,
        referral,
    })
}

/// A referral that could not be completed, with what had been created before the failure.
#[derive(Debug)]
pub struct ReferError {
    /// What was created before the failure, and its id.
    pub created: Vec<(&'static str, u64)>,
    /// Why the next write failed.
    pub source: lamplight::Error,
}

impl ReferError {
    fn new(created: &[(&'static str, u64)], source: lamplight::Error) -> Self {
        ReferError {
            created: created.to_vec(),
            source,
        }
    }
}

impl std::fmt::Display for ReferError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.source)?;
        for (what, id) in &self.created {
            write!(f, "; {what} was already created (id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ReferError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// What the flow created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intake {
    /// The workarea the referral was filed under: the system's first.
    pub workarea: u64,
    /// The young person's new profile.
    pub young_person: u64,
    /// The referrer's new profile.
    pub referrer: u64,
    /// The new referral.
    pub referral: u64,
    /// The session the young person was offered, when one was open to attendance.
    pub session: Option<u64>,
}

/// Runs the intake flow, printing each step through `say`.
pub async fn run(client: &Client, mut say: impl FnMut(String)) -> Result<Intake, BoxError> {
    say("1. Listing workareas".into());
    let workareas = client.workareas().await?;
    for area in &workareas {
        say(format!("   {:>4}  {}", area.id, area.text));
        for child in &area.children {
            say(format!("   {:>4}    └ {}", child.id, child.text));
        }
    }
    let workarea = workareas
        .first()
        .map(|area| area.id.ids()[0])
        .ok_or("this Lamplight system has no workareas")?;

    say("2. Creating the young person's and the referrer's profiles".into());
    let young_person = YoungPerson {
        first_name: "Alex".into(),
        surname: "Morgan".into(),
        postcode: Some(Postcode::parse("sw1a1aa")?),
        email: Some("alex.morgan@example.org".into()),
        date_of_birth: time::macros::date!(2011 - 05 - 14),
    };
    let referrer = Referrer {
        first_name: "Priya".into(),
        surname: "Shah".into(),
        email: Some("p.shah@school.example.org".into()),
    };
    let referral = YouthReferral {
        // Both are replaced by the profiles `refer` creates.
        attendee: ProfileRef::id(0),
        referrer: None,
        reason: "Finding school hard & would like a mentor".into(),
        workarea: WorkareaId::one(workarea),
        heard_via: HeardVia::School,
        school_year: Some(10),
        support_needed: vec![Support::Education, Support::Confidence],
        first_contact: Some(time::macros::date!(2026 - 11 - 20)),
        consent_given: true,
    };
    let Referred {
        young_person,
        referrer,
        referral,
    } = refer(client, &young_person, Some(&referrer), referral).await?;
    let referrer = referrer.ok_or("the referrer's profile was not created")?;
    say(format!("   young person: profile {young_person}"));
    say(format!("   referrer:     profile {referrer}"));

    say("3. Sending the referral".into());
    say(format!("   referral {referral}"));

    say("4. Booking the young person onto a session".into());
    let sessions = open_sessions(client).await?;
    let session = match sessions.first() {
        Some(work) => {
            let outcome = client
                .attend(&Attendance::new([work.id], ProfileRef::id(young_person)))
                .await?;
            for result in &outcome.results {
                match &result.error {
                    None => say(format!(
                        "   attending \"{}\" (work {})",
                        work.title, result.work_id
                    )),
                    Some(error) => {
                        say(format!("   not attending work {}: {error}", result.work_id))
                    }
                }
            }
            Some(work.id.get())
        }
        None => {
            say("   no published session is open to attendance through the API".into());
            None
        }
    };
    Ok(Intake {
        workarea,
        young_person,
        referrer,
        referral,
        session,
    })
}

/// The published sessions that take attendees through the API and still have places.
pub async fn open_sessions(client: &Client) -> Result<Vec<WorkSummary>, lamplight::Error> {
    let sessions = client.work().num(50).send().await?;
    Ok(sessions
        .records
        .into_iter()
        .filter(|work| work.may_add_attend && work.places_left() != Some(0))
        .collect())
}

/// The client a program talks through, and the embedded sandbox behind it when no real system
/// is configured. Dropping it stops that sandbox; [`shutdown`](Connection::shutdown) waits for it.
pub struct Connection {
    /// The client, pointed at the real system or at the sandbox.
    pub client: Client,
    /// The sandbox started because no `LAMPLIGHT_KEY` was set.
    pub sandbox: Option<Sandbox>,
}

impl Connection {
    /// Stops the embedded sandbox, if one was started.
    pub async fn shutdown(self) {
        if let Some(sandbox) = self.sandbox {
            sandbox.shutdown().await;
        }
    }
}

/// Connects to the system named by the `LAMPLIGHT_*` variables, or, when `LAMPLIGHT_KEY` is not
/// set, starts the sandbox with the demo charity and connects to that. `say` hears which.
pub async fn connect(mut say: impl FnMut(String)) -> Result<Connection, BoxError> {
    if std::env::var_os("LAMPLIGHT_KEY").is_some() {
        say("Using the Lamplight system named by LAMPLIGHT_* variables".into());
        return Ok(Connection {
            client: Client::from_env()?,
            sandbox: None,
        });
    }
    let sandbox = Sandbox::start(Config::demo()).await?;
    say(format!(
        "No LAMPLIGHT_KEY set: started the sandbox at {} (what it stored: {}__sandbox/state)",
        sandbox.base_url(),
        sandbox.base_url().trim_end_matches("api/")
    ));
    let creds = sandbox.credentials();
    let client = Client::builder()
        .credentials(Credentials::new(creds.lampid, creds.project, creds.key))
        .base_url(&sandbox.base_url())
        .build()?;
    Ok(Connection {
        client,
        sandbox: Some(sandbox),
    })
}

/// The quickstart program: connects, runs the flow and prints each step.
pub async fn main() -> Result<(), BoxError> {
    let connection = connect(|line| println!("{line}")).await?;
    let intake = run(&connection.client, |line| println!("{line}")).await?;
    println!("Done: {intake:?}");
    connection.shutdown().await;
    Ok(())
}
