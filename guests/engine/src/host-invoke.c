/* Host functions declared by a policy ("extism:host/user") are unknown when
   the engine is built. The engine therefore imports WD_HOST_SLOTS
   placeholders; the compiler renames each used slot to the declared name and
   signature (unused slots become inert duplicate imports of
   extism:host/env "length", the placeholders' own signature) and replaces
   the body of wd_host_invoke with a dispatcher that loads the arguments,
   calls the slot and stores the result. Renaming imports in place keeps
   every function index stable, so the compiler never rewrites code.

   This file is its own translation unit so that callers cannot see, and
   fold, the placeholder body. args: up to 5 parameters, 8 bytes each; the
   result is written to args[0]. */
#include <stdint.h>

#define WD_HOST_SLOTS 32

#define SLOT(n) \
    __attribute__((import_module("extism:host/user"), import_name("__wd_slot_" #n))) \
    uint64_t wd_slot_##n(uint64_t);
SLOT(0) SLOT(1) SLOT(2) SLOT(3) SLOT(4) SLOT(5) SLOT(6) SLOT(7)
SLOT(8) SLOT(9) SLOT(10) SLOT(11) SLOT(12) SLOT(13) SLOT(14) SLOT(15)
SLOT(16) SLOT(17) SLOT(18) SLOT(19) SLOT(20) SLOT(21) SLOT(22) SLOT(23)
SLOT(24) SLOT(25) SLOT(26) SLOT(27) SLOT(28) SLOT(29) SLOT(30) SLOT(31)

typedef uint64_t (*slot_fn)(uint64_t);

/* Referenced from the placeholder body, which keeps the imports alive
   through linking. */
static slot_fn const wd_slots[WD_HOST_SLOTS] = {
    wd_slot_0, wd_slot_1, wd_slot_2, wd_slot_3, wd_slot_4, wd_slot_5, wd_slot_6, wd_slot_7,
    wd_slot_8, wd_slot_9, wd_slot_10, wd_slot_11, wd_slot_12, wd_slot_13, wd_slot_14, wd_slot_15,
    wd_slot_16, wd_slot_17, wd_slot_18, wd_slot_19, wd_slot_20, wd_slot_21, wd_slot_22, wd_slot_23,
    wd_slot_24, wd_slot_25, wd_slot_26, wd_slot_27, wd_slot_28, wd_slot_29, wd_slot_30, wd_slot_31,
};

__attribute__((export_name("wd_host_invoke"), noinline))
void wd_host_invoke(int32_t slot, uint64_t *args)
{
    args[0] = (uint64_t)(uintptr_t)wd_slots[slot & (WD_HOST_SLOTS - 1)];
}
