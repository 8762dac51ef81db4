use lamplight::LamplightRecord;

#[derive(LamplightRecord)]
#[lamplight(person, organisation, role = "user")]
struct Profile {
    email: String,
}

fn main() {}
