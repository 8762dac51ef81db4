use lamplight::LamplightRecord;

#[derive(LamplightRecord)]
#[lamplight(person, role = "user")]
struct Person {
    first_name: String,
    #[lamplight(field_id = "123")]
    gender: String,
}

fn main() {}
