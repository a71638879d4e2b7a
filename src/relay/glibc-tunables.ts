// The C library's allocator settings the relay runs best with on glibc Linux (the Docker image
// sets them; bench/relay-overhead.ts starts the relay with them). A 20 MB image's text is one
// malloc of 20 MB; by default glibc serves that with a fresh mapping and gives it back when freed,
// so every upload faults its pages in anew (about 1,700 page faults, counted in the test) while
// the designer waits (the text is made after the body's last byte). From the heap, and kept when freed, the next upload reuses warm memory:
// measured on 20 MB uploads, the relay's parse went from 11 to 5 ms and its CPU per upload from
// about 95 to 87 ms. The cost: every allocation up to 128 MB comes from the heap, and memory
// freed there goes back to the system only from the heap's top (when more than 128 MB is free
// there), so after a burst of large uploads the relay's resident memory stays near its peak.
// Read by the dynamic loader at start, so it must be in the environment the process starts with.
export const RELAY_GLIBC_TUNABLES = 'glibc.malloc.mmap_threshold=134217728:glibc.malloc.trim_threshold=134217728';
