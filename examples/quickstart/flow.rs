//! The intake flow the quickstart runs: shared with `tests/quickstart.rs`, which runs it against
//! the sandbox and checks what was stored.

use lamplight::{
    Attendance, Client, LamplightOption, LamplightRecord, Postcode, ProfileRef, WorkareaId,
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

/// The referral itself, with two custom fields.
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
        .map(|area| area.id)
        .ok_or("this Lamplight system has no workareas")?;

    say("2. Creating the young person's and the referrer's profiles".into());
    let young_person = YoungPerson {
        first_name: "Alex".into(),
        surname: "Morgan".into(),
        postcode: Some(Postcode::parse("sw1a1aa")?),
        email: Some("alex.morgan@example.org".into()),
        date_of_birth: time::macros::date!(2011 - 05 - 14),
    };
    let young_person = client.create(&young_person).await?.id;
    say(format!("   young person: profile {young_person}"));
    let referrer = Referrer {
        first_name: "Priya".into(),
        surname: "Shah".into(),
        email: Some("p.shah@school.example.org".into()),
    };
    let referrer = client.create(&referrer).await?.id;
    say(format!("   referrer:     profile {referrer}"));

    say("3. Sending the referral".into());
    let referral = YouthReferral {
        attendee: ProfileRef::id(young_person),
        referrer: Some(ProfileRef::id(referrer)),
        reason: "Finding school hard & would like a mentor".into(),
        workarea: WorkareaId::one(workarea),
        heard_via: HeardVia::School,
        school_year: Some(10),
    };
    let referral = client.create(&referral).await?.id;
    say(format!("   referral {referral}"));

    say("4. Booking the young person onto a session".into());
    let sessions = client.work().num(50).send().await?;
    let open = sessions.records.iter().find(|work| {
        work.may_add_attend
            && match (work.num_users_attending, work.maximum_num_users_allowed) {
                (Some(attending), Some(maximum)) => attending < maximum,
                _ => true,
            }
    });
    let session = match open {
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
            Some(work.id)
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
