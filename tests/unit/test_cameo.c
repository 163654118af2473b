/* SPDX-License-Identifier: MIT */
/*
 * test_cameo.c — the embedded CAMEO table and the event-type mapping: every mapped code exists
 * with a weight in [-10, 10]; known entries read back exactly; unknown codes are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "brink.h"

#include <string.h>

static void test_every_mapped_code_exists(void **state)
{
    (void)state;
    int mapped = 0;
    for (int t = 0; t < BRINK_EV_COUNT; t++) {
        const char *code = brink_event_cameo((brink_event_type)t);
        if (!code)
            continue;
        double g = 99;
        char desc[128] = "";
        assert_int_equal(brink_cameo_lookup(code, &g, desc, sizeof desc), BRINK_OK);
        assert_true(g >= -10 && g <= 10);
        assert_true(desc[0] != '\0');
        mapped++;
    }
    assert_true(mapped >= 25);
}

static void test_known_entries(void **state)
{
    (void)state;
    double g;
    char desc[128];
    assert_int_equal(brink_cameo_lookup("163", &g, desc, sizeof desc), BRINK_OK);
    assert_true(g == -8.0);
    assert_string_equal(desc, "Impose embargo, boycott, or sanctions");
    assert_int_equal(brink_cameo_lookup("01", &g, NULL, 0), BRINK_OK);
    assert_true(g == 0.0);
    assert_int_equal(brink_cameo_lookup("2042", &g, NULL, 0), BRINK_OK);
    assert_true(g == -10.0);
    assert_string_equal(brink_event_cameo(BRINK_EV_SANCTIONS_TIGHTENED), "163");
    assert_null(brink_event_cameo(BRINK_EV_ENRICHMENT_90));
    assert_null(brink_event_cameo(BRINK_EV_COUNT));
}

static void test_unknown_codes(void **state)
{
    (void)state;
    double g = 1;
    assert_int_equal(brink_cameo_lookup("999", &g, NULL, 0), BRINK_EINVAL);
    assert_int_equal(brink_cameo_lookup("16", &g, NULL, 0), BRINK_OK);
    assert_int_equal(brink_cameo_lookup("1", &g, NULL, 0), BRINK_EINVAL); /* no prefix match */
    assert_int_equal(brink_cameo_lookup("", &g, NULL, 0), BRINK_EINVAL);
    assert_int_equal(brink_cameo_lookup(NULL, &g, NULL, 0), BRINK_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_mapped_code_exists),
        cmocka_unit_test(test_known_entries),
        cmocka_unit_test(test_unknown_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
