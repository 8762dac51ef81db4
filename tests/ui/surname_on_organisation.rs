use lamplight::LamplightRecord;

#[derive(LamplightRecord)]
#[lamplight(organisation, role = "org")]
struct Charity {
    name: String,
    surname: String,
}

fn main() {}
