/* Extism kernel imports ("extism:host/env") and block helpers.
   Extism memory is host-side blocks addressed by 64-bit offsets, so every
   byte crosses the boundary through load/store calls. */
#ifndef WD_EXTISM_H
#define WD_EXTISM_H

#include <stddef.h>
#include <stdint.h>

#define WD_IMPORT(name) \
    __attribute__((import_module("extism:host/env"), import_name(#name)))

WD_IMPORT(input_length) uint64_t extism_input_length(void);
WD_IMPORT(input_load_u8) uint32_t extism_input_load_u8(uint64_t offset);
WD_IMPORT(input_load_u64) uint64_t extism_input_load_u64(uint64_t offset);
WD_IMPORT(alloc) uint64_t extism_alloc(uint64_t length);
WD_IMPORT(free) void extism_free(uint64_t offset);
WD_IMPORT(length) uint64_t extism_length(uint64_t offset);
WD_IMPORT(load_u8) uint32_t extism_load_u8(uint64_t offset);
WD_IMPORT(load_u64) uint64_t extism_load_u64(uint64_t offset);
WD_IMPORT(store_u8) void extism_store_u8(uint64_t offset, uint32_t value);
WD_IMPORT(store_u64) void extism_store_u64(uint64_t offset, uint64_t value);
WD_IMPORT(output_set) void extism_output_set(uint64_t offset, uint64_t length);
WD_IMPORT(error_set) void extism_error_set(uint64_t offset);
WD_IMPORT(config_get) uint64_t extism_config_get(uint64_t key);
WD_IMPORT(var_get) uint64_t extism_var_get(uint64_t key);
WD_IMPORT(var_set) void extism_var_set(uint64_t key, uint64_t value);
WD_IMPORT(log_debug) void extism_log_debug(uint64_t offset);
WD_IMPORT(log_info) void extism_log_info(uint64_t offset);
WD_IMPORT(log_warn) void extism_log_warn(uint64_t offset);
WD_IMPORT(log_error) void extism_log_error(uint64_t offset);
WD_IMPORT(get_log_level) int32_t extism_get_log_level(void);

/* Copies bytes into a new block; returns its offset (0 when len is 0 and the
   host refuses, which callers treat as failure). */
uint64_t wd_block_store(const uint8_t *data, size_t len);
/* Copies a block into memory allocated with malloc; NULL on failure.
   A zero offset reads as absent. */
uint8_t *wd_block_load(uint64_t offset, size_t *len_out);
/* Copies the call input into malloc'd memory. */
uint8_t *wd_input_load(size_t *len_out);
/* Sets the Extism error of the current call to a C string. */
void wd_error_set_cstr(const char *msg);

#endif
