use lamplight::LamplightRecord;

#[derive(LamplightRecord)]
#[lamplight(person, role = "user")]
struct Person {
    first_name: String,
    #[lamplight(field_id = 12)]
    gender: String,
    #[lamplight(field_id = 12)]
    pronouns: String,
}

fn main() {}
