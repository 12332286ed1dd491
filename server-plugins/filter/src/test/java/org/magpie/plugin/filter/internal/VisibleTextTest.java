package org.magpie.plugin.filter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.WordFilter;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Text;

class VisibleTextTest {

    private static final String XHTML = "http://www.w3.org/1999/xhtml";
    private static final SensitiveWords LIST = new SensitiveWords(
            WordList.parse(List.of("shit", "傻逼", "机密 block")).rules(), new Folding());
    private static final WordFilter WORDS = LIST::check;

    private static Element message(Element... children) {
        return Element.builder("message", Namespaces.CLIENT).attribute("type", "chat").children(List.of(children)).build();
    }

    @Test
    void theRichTextCopyIsMaskedInsideItsTextNodesEvenWhenAWordIsSplitAcrossThem() {
        Element html = Element.builder("html", VisibleText.XHTML_IM).child(Element.builder("body", XHTML)
                .child(new Text("oh sh")).child(Element.builder("strong", XHTML).text("it").build())
                .child(new Text(" and 傻")).child(Element.builder("img", XHTML).attribute("alt", "傻逼").attribute("src", "x").build())
                .child(new Text("逼")).build()).build();
        VisibleText v = new VisibleText(WORDS);
        Element out = v.filter(message(Element.builder("body", Namespaces.CLIENT).text("clean").build(), html), true);
        Element body = out.child("html", VisibleText.XHTML_IM).orElseThrow().child("body", XHTML).orElseThrow();
        assertEquals("oh **", ((Text) body.children().get(0)).value());
        assertEquals("**", body.elements().get(0).text(), "the strong element keeps its place");
        assertEquals(" and *", ((Text) body.children().get(2)).value());
        assertEquals("**", body.elements().get(1).attribute("alt"));
        assertEquals("x", body.elements().get(1).attribute("src"));
        assertEquals("*", ((Text) body.children().get(4)).value());
        assertEquals("clean", out.child("body", Namespaces.CLIENT).orElseThrow().text());
        assertEquals(Set.of("shit", "傻逼"), v.rules());
        assertFalse(v.blocked());
    }

    @Test
    void invitationReasonsAndFileNamesAreMasked() {
        Element mediated = Element.builder("x", VisibleText.MUC_USER).child(Element.builder("invite", VisibleText.MUC_USER)
                .attribute("to", "bob@example.org").child(Element.builder("reason", VisibleText.MUC_USER).text("come, 傻逼").build())
                .build()).build();
        Element direct = Element.builder("x", VisibleText.CONFERENCE).attribute("jid", "1@rooms.example.org")
                .attribute("reason", "s h i t").build();
        Element file = Element.builder("file", VisibleText.FILES).attribute("name", "shit.pdf").attribute("size", "3").build();
        VisibleText v = new VisibleText(WORDS);
        Element out = v.filter(message(mediated, direct, file), true);
        assertEquals("come, **", out.child("x", VisibleText.MUC_USER).orElseThrow().child("invite", VisibleText.MUC_USER)
                .orElseThrow().child("reason", VisibleText.MUC_USER).orElseThrow().text());
        assertEquals("bob@example.org", out.child("x", VisibleText.MUC_USER).orElseThrow().elements().get(0).attribute("to"));
        assertEquals("*******", out.child("x", VisibleText.CONFERENCE).orElseThrow().attribute("reason"));
        assertEquals("****.pdf", out.child("file", VisibleText.FILES).orElseThrow().attribute("name"));
    }

    @Test
    void aBlockedWordAnywhereBlocksAndACleanStanzaIsTheSameObject() {
        VisibleText v = new VisibleText(WORDS);
        v.filter(message(Element.builder("html", VisibleText.XHTML_IM).child(Element.builder("body", XHTML).text("机密").build())
                .build()), true);
        assertTrue(v.blocked());
        Element clean = message(Element.builder("body", Namespaces.CLIENT).text("hello").build());
        VisibleText none = new VisibleText(WORDS);
        assertSame(clean, none.filter(clean, true));
        assertFalse(none.changed());
    }

    @Test
    void presencesHaveTheirStatusAndNicknameMaskedButNotTheirBody() {
        Element presence = Element.builder("presence", Namespaces.CLIENT)
                .child(Element.builder("status", Namespaces.CLIENT).text("ѕhіt day").build())
                .child(Element.builder("nick", VisibleText.NICK).text("傻逼").build()).build();
        Element out = new VisibleText(WORDS).filter(presence, false);
        assertEquals("**** day", out.child("status", Namespaces.CLIENT).orElseThrow().text());
        assertEquals("**", out.child("nick", VisibleText.NICK).orElseThrow().text());
    }
}
