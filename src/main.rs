fn main() {
    println!("baocao: under construction");
}
