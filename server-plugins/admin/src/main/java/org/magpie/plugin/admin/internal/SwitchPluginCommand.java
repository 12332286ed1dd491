package org.magpie.plugin.admin.internal;

import java.util.List;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.AdHocCommand;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.forms.DataForm.Field;
import org.magpie.server.api.forms.DataForm.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.magpie.server.api.plugins.PluginSwitch.PluginSwitchException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Switches a plugin on or off at runtime, without dropping any session; the choice survives a restart. */
@Component(service = AdHocCommand.class)
public final class SwitchPluginCommand extends AdminCommand {

    static final String NODE = "urn:magpie:admin:switch-plugin";

    private static final Logger LOG = LoggerFactory.getLogger(SwitchPluginCommand.class);

    private final Plugins plugins;
    private final PluginStates states;

    @Activate
    public SwitchPluginCommand(BundleContext context, @Reference PluginStates states) {
        super(NODE, "switch.plugin");
        this.plugins = new Plugins(context);
        this.states = states;
    }

    @Override
    DataForm form(String language) {
        List<Option> options = plugins.all().stream().filter(b -> !Plugins.ALWAYS_ON.contains(b.getSymbolicName()))
                .map(b -> new Option(Plugins.shortName(b) + (Plugins.enabled(b) ? " ✓" : ""), Plugins.shortName(b))).toList();
        return blank(language)
                .with(Field.of("plugin", "list-single", label("plugin", language)).asRequired().withOptions(options))
                .with(Field.of("enabled", "boolean", label("enabled", language), "true"));
    }

    @Override
    Step run(EntityFullJid requester, String language, DataForm form) throws StanzaException {
        String name = required(form, "plugin");
        Bundle bundle = plugins.find(name).orElseThrow(() -> texts.text("plugin.not.found", name).exception(Condition.ITEM_NOT_FOUND));
        String value = form.value("enabled").orElse("true");
        boolean on = value.equals("1") || value.equalsIgnoreCase("true");
        if (!on && Plugins.ALWAYS_ON.contains(bundle.getSymbolicName())) {
            throw texts.text("plugin.always.on", name).exception(Condition.NOT_ALLOWED);
        }
        try {
            states.remember(bundle.getSymbolicName(), on);
        } catch (PluginSwitchException e) {
            LOG.error("plugin {} could not be switched {}", name, on ? "on" : "off", e);
            throw texts.text(on ? "plugin.not.switched.on" : "plugin.not.switched.off", name, e.getMessage())
                    .exception(Condition.INTERNAL_SERVER_ERROR);
        }
        LOG.info("plugin {} switched {} by {}", name, on ? "on" : "off", requester.asEntityBareJid());
        return Step.done(null, Note.info(texts.text(on ? "plugin.enabled" : "plugin.disabled", name).in(language)));
    }
}
