//! The intake flow the quickstart runs, and the records and `refer` step the referral form
//! example reuses: shared with `tests/quickstart.rs`, which runs it against the sandbox and
//! checks what was stored.

use lamplight::{
    Attendance, Client, LamplightOption, LamplightRecord, Postcode, ProfileRef, WorkSummary,
    WorkareaId,
};

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
    pub first_name: String,
    pub surname: String,
    pub postcode: Option<Postcode>,
    pub email: Option<String>,
    #[lamplight(rename = "Date of birth")]
    pub date_of_birth: time::Date,
}

/// The teacher making the referral.
#[derive(LamplightRecord, Debug)]
#[lamplight(person, role = "contact")]
pub struct Referrer {
    pub first_name: String,
    pub surname: String,
    pub email: Option<String>,
}

/// The referral itself, with custom fields of several kinds.
#[derive(LamplightRecord, Debug)]
#[lamplight(referral)]
pub struct YouthReferral {
    pub attendee: ProfileRef,
    pub referrer: Option<ProfileRef>,
    pub reason: String,
    pub workarea: WorkareaId,
    #[lamplight(rename = "How did you hear")]
    pub heard_via: HeardVia,
    pub school_year: Option<u8>,
    #[lamplight(rename = "Support needed")]
    pub support_needed: Vec<Support>,
    #[lamplight(rename = "Date of first contact")]
    pub first_contact: Option<time::Date>,
    #[lamplight(rename = "Consent given")]
    pub consent_given: bool,
}

/// The ids of the records [`refer`] created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Referred {
    pub young_person: u64,
    pub referrer: Option<u64>,
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
    pub workarea: u64,
    pub young_person: u64,
    pub referrer: u64,
    pub referral: u64,
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
