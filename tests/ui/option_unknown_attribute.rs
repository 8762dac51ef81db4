use lamplight::LamplightOption;

#[derive(LamplightOption)]
enum Gender {
    #[lamplight(option = 54)]
    Female,
}

fn main() {}
