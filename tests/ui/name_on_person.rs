use lamplight::LamplightRecord;

#[derive(LamplightRecord)]
#[lamplight(person, role = "user")]
struct Person {
    name: String,
}

fn main() {}
