//! A `field_id` whose field has another label than the rename.

use lamplight::LamplightRecord;

#[derive(LamplightRecord)]
#[lamplight(person, role = "user")]
struct Person {
    first_name: String,
    #[lamplight(field_id = 123, rename = "Date of birth")]
    born: String,
}

fn main() {}
