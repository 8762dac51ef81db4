//! A `field_id` that no person field has.

use lamplight::LamplightRecord;

#[derive(LamplightRecord)]
#[lamplight(person, role = "user")]
struct Person {
    first_name: String,
    #[lamplight(field_id = 999)]
    shoe_size: u8,
}

fn main() {}
