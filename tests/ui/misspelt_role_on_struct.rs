use lamplight::LamplightRecord;

#[derive(LamplightRecord)]
#[lamplight(person, rol = "user")]
struct Person {
    first_name: String,
}

fn main() {}
