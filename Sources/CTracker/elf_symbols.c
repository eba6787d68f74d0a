// Reads a shared object's full symbol table (.symtab) from disk, to find the runtime's local
// (non-exported) symbols such as `_ZL21_swift_retain_adapter`.
#if defined(__linux__) && defined(__x86_64__)   // see unsupported.c for other platforms
#include "internal.h"

#include <elf.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int cl_elf_lookup(const char *path, const char *const *names, uintptr_t *values, int count) {
    for (int i = 0; i < count; i++) values[i] = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    struct stat st;
    if (fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(Elf64_Ehdr)) { close(fd); return 0; }
    size_t length = (size_t)st.st_size;
    const unsigned char *base = mmap(NULL, length, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (base == MAP_FAILED) return 0;
    int found = 0;
    const Elf64_Ehdr *header = (const Elf64_Ehdr *)base;
    if (memcmp(header->e_ident, ELFMAG, SELFMAG) != 0 || header->e_ident[EI_CLASS] != ELFCLASS64 ||
        header->e_shoff == 0 || header->e_shoff + (size_t)header->e_shnum * sizeof(Elf64_Shdr) > length) {
        munmap((void *)base, length);
        return 0;
    }
    const Elf64_Shdr *sections = (const Elf64_Shdr *)(base + header->e_shoff);
    for (int s = 0; s < header->e_shnum; s++) {
        if (sections[s].sh_type != SHT_SYMTAB) continue;
        if (sections[s].sh_link >= header->e_shnum) continue;
        const Elf64_Shdr *strtab = &sections[sections[s].sh_link];
        if (sections[s].sh_offset + sections[s].sh_size > length ||
            strtab->sh_offset + strtab->sh_size > length) continue;
        const Elf64_Sym *symbols = (const Elf64_Sym *)(base + sections[s].sh_offset);
        size_t symbolCount = sections[s].sh_size / sizeof(Elf64_Sym);
        const char *strings = (const char *)(base + strtab->sh_offset);
        for (size_t k = 0; k < symbolCount; k++) {
            if (symbols[k].st_name >= strtab->sh_size) continue;
            const char *name = strings + symbols[k].st_name;
            for (int i = 0; i < count; i++) {
                if (values[i] == 0 && strcmp(name, names[i]) == 0) {
                    values[i] = symbols[k].st_value;
                    found++;
                }
            }
            if (found == count) break;
        }
    }
    munmap((void *)base, length);
    return found;
}
#endif
