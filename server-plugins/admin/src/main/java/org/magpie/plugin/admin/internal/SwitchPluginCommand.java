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
import org.magpie.server.api.plugins.PluginSwitch.PluginSwitchException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
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
        super(NODE, "Switch a plugin on or off", "启用或停用插件");
        this.plugins = new Plugins(context);
        this.states = states;
    }

    @Override
    DataForm form(String language) {
        List<Option> options = plugins.all().stream().filter(b -> !Plugins.ALWAYS_ON.contains(b.getSymbolicName()))
                .map(b -> new Option(Plugins.shortName(b) + (Plugins.enabled(b) ? " ✓" : ""), Plugins.shortName(b))).toList();
        return blank(language, "Choose a plugin and whether it runs.", "选择插件以及是否启用。")
                .with(Field.of("plugin", "list-single", Texts.pick(language, "Plugin", "插件")).asRequired().withOptions(options))
                .with(Field.of("enabled", "boolean", Texts.pick(language, "Enabled", "启用"), "true"));
    }

    @Override
    Step run(EntityFullJid requester, String language, DataForm form) throws StanzaException {
        String name = required(form, "plugin", language, "plugin", "插件");
        Bundle bundle = plugins.find(name).orElseThrow(() -> new StanzaException(StanzaError.of(Condition.ITEM_NOT_FOUND,
                "There is no plugin " + name + ".", "没有名为 " + name + " 的插件。")));
        String value = form.value("enabled").orElse("true");
        boolean on = value.equals("1") || value.equalsIgnoreCase("true");
        if (!on && Plugins.ALWAYS_ON.contains(bundle.getSymbolicName())) {
            throw new StanzaException(StanzaError.of(Condition.NOT_ALLOWED,
                    "The " + name + " plugin runs the administration commands and cannot be switched off from them.",
                    "插件 " + name + " 提供管理命令，不能通过管理命令停用。"));
        }
        try {
            states.remember(bundle.getSymbolicName(), on);
        } catch (PluginSwitchException e) {
            LOG.error("plugin {} could not be switched {}", name, on ? "on" : "off", e);
            throw new StanzaException(StanzaError.of(Condition.INTERNAL_SERVER_ERROR,
                    "The plugin " + name + " could not be switched " + (on ? "on" : "off") + ": " + e.getMessage(),
                    "插件 " + name + (on ? " 无法启用：" : " 无法停用：") + e.getMessage()));
        }
        LOG.info("plugin {} switched {} by {}", name, on ? "on" : "off", requester.asEntityBareJid());
        return done(language, "The plugin " + name + " is " + (on ? "enabled" : "disabled") + ".",
                "插件 " + name + (on ? " 已启用。" : " 已停用。"));
    }
}
