use lamplight::LamplightRecord;

#[derive(LamplightRecord)]
#[lamplight(person, role = "user")]
struct Person {
    first_name: String,
    role: String,
}

fn main() {}
