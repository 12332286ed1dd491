package org.magpie.example.greeter;

import java.util.Collection;
import java.util.List;

import org.magpie.server.api.AccountService;
import org.magpie.server.api.DiscoProvider;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.ServesIq;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Answers {@code <greeting xmlns='urn:magpie:example:greeter'/>} with a greeting by nickname, in the
 * language of the asker's stream, and announces the feature in the server's disco#info.
 */
@Component(service = {IqHandler.class, DiscoProvider.class})
@ServesIq(element = "greeting", namespace = GreeterHandler.NS, types = IqType.GET)
public final class GreeterHandler implements IqHandler, DiscoProvider {

    static final String NS = "urn:magpie:example:greeter";

    private final Texts texts = Texts.of(GreeterHandler.class);
    private final AccountService accounts;

    @Activate
    public GreeterHandler(@Reference AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public Stanza handle(Stanza iq, Session session) throws StanzaException {
        String username = iq.from().getLocalpartOrThrow().toString(); // the core stamped a from: the asker
        String nickname = accounts.find(username)
                .orElseThrow(() -> texts.text("greeter.no.account").exception(Condition.ITEM_NOT_FOUND))
                .nickname();
        String greeting = texts.text("greeter.hello", nickname).in(session.language());
        return iq.resultReply(Element.builder("greeting", NS).text(greeting).build());
    }

    @Override
    public Collection<String> features() {
        return List.of(NS);
    }
}
