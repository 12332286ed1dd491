package org.magpie.plugin.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ContentTypesTest {

    @Test
    void anEmptyListAllowsEverything() {
        assertTrue(new ContentTypes("").allows("application/x-msdownload"));
        assertTrue(new ContentTypes(null).allows("image/png"));
    }

    @Test
    void exactTypesAndWildcards() {
        ContentTypes t = new ContentTypes(" image/* , application/pdf,TEXT/PLAIN");
        assertTrue(t.allows("image/png"));
        assertTrue(t.allows("image/svg+xml"));
        assertTrue(t.allows("application/pdf"));
        assertTrue(t.allows("text/plain"));
        assertFalse(t.allows("text/html"));
        assertFalse(t.allows("imagex/png"), "the wildcard covers image/ only");
        assertEquals("image/*, application/pdf, text/plain", t.describe());
    }

    @Test
    void typesAreNormalisedOrRefused() {
        assertEquals("text/plain", ContentTypes.normalize("Text/Plain; charset=UTF-8"));
        assertNull(ContentTypes.normalize("text"));
        assertNull(ContentTypes.normalize("text/plain/x"));
        assertNull(ContentTypes.normalize("te xt/plain"));
        assertNull(ContentTypes.normalize(null));
    }
}
