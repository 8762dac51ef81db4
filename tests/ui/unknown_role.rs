use lamplight::LamplightRecord;

#[derive(LamplightRecord)]
#[lamplight(person, role = "usr")]
struct Person {
    first_name: String,
}

fn main() {}
