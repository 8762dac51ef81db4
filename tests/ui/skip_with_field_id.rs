use lamplight::LamplightRecord;

#[derive(LamplightRecord)]
#[lamplight(person, role = "user")]
struct Person {
    first_name: String,
    #[lamplight(skip, field_id = 123)]
    gender: String,
}

fn main() {}
