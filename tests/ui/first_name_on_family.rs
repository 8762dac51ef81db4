use lamplight::LamplightRecord;

#[derive(LamplightRecord)]
#[lamplight(family, role = "user")]
struct Household {
    first_name: String,
}

fn main() {}
