use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
#[lamplight(person, role = "org")]
struct Volunteer {
    name: String,
    #[lamplight(renam = "Age group")]
    age_group: String,
    #[lamplight(skip, field_id = 12)]
    notes: String,
    referred_by: ProfileRef,
    #[lamplight(rename = "Referred by")]
    referrer: ProfileRef,
}

fn main() {}
