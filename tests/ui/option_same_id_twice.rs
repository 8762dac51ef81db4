use lamplight::LamplightOption;

#[derive(LamplightOption)]
enum Gender {
    #[lamplight(option_id = 54)]
    Female,
    #[lamplight(option_id = 54)]
    Male,
}

fn main() {}
