package org.magpie.client.ui.handlers;

import jakarta.inject.Named;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.e4.ui.workbench.IWorkbench;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.widgets.Shell;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.preferences.LanguagePreference;
import org.magpie.client.ui.preferences.PreferencesDialog;
import org.magpie.client.ui.preferences.WeatherPreference;

/**
 * File > Preferences…: the language, stored for the next start (with an offer to restart now), and the
 * weather city, which the weather line follows at once.
 */
public class PreferencesHandler {

    @Execute
    public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, Messages messages, IWorkbench workbench) {
        LanguagePreference preference = LanguagePreference.atInstanceScope();
        WeatherPreference weather = WeatherPreference.atInstanceScope();
        PreferencesDialog dialog = new PreferencesDialog(shell, messages, preference.get(), weather.city());
        if (dialog.open() != Window.OK) {
            return;
        }
        if (!dialog.city().equals(weather.city())) {
            weather.setCity(dialog.city());
        }
        if (dialog.language() == preference.get()) {
            return;
        }
        preference.set(dialog.language());
        MessageDialog ask = new MessageDialog(shell, messages.get("preferences.restart.title"), null,
                messages.get("preferences.restart.text"), MessageDialog.QUESTION, 0,
                messages.get("button.ok"), messages.get("button.cancel"));
        if (ask.open() == 0) {
            // exit code 23: the start scripts start Magpie again
            workbench.restart();
        }
    }
}
