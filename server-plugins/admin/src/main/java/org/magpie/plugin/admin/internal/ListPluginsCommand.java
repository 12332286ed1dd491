package org.magpie.plugin.admin.internal;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.AdHocCommand;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.forms.DataForm.Field;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Lists the plugins with their state and version: one field a plugin, {@code var} its short name,
 * value {@code enabled} or {@code disabled}, label with the version, so clients can show a table.
 */
@Component(service = AdHocCommand.class)
public final class ListPluginsCommand extends AdminCommand {

    static final String NODE = "urn:magpie:admin:plugins";

    private final Plugins plugins;

    @Activate
    public ListPluginsCommand(BundleContext context) {
        super(NODE, "list.plugins");
        this.plugins = new Plugins(context);
    }

    @Override
    DataForm form(String language) {
        return null;
    }

    @Override
    Step run(EntityFullJid requester, String language, DataForm form) {
        DataForm result = DataForm.of("result", name(language), null);
        for (Bundle b : plugins.all()) {
            result = result.with(Field.of(Plugins.shortName(b), "text-single", Plugins.shortName(b) + " " + b.getVersion(),
                    Plugins.enabled(b) ? "enabled" : "disabled"));
        }
        return Step.done(result);
    }
}
