// GCC 13's libstdc++ defines std::ios_base_library_init() and libLibTorchSharp.so (built against it) references it.
// Older libstdc++ initialises iostreams without it, so an empty definition is all the loader needs.
namespace std {
void ios_base_library_init() {}
}
