package org.magpie.client.ui.preferences;

import java.util.EnumMap;
import java.util.Map;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.preferences.LanguagePreference.Language;

/**
 * File > Preferences: the language (English / 简体中文 / system default), applied at the next start,
 * and the city of the weather line (empty: no weather line), applied at once.
 */
public class PreferencesDialog extends Dialog {

    private final Messages messages;
    private final Map<Language, Button> choices = new EnumMap<>(Language.class);
    private Language language;
    private String city;
    private Text cityField;

    public PreferencesDialog(Shell parent, Messages messages, Language current) {
        this(parent, messages, current, "");
    }

    public PreferencesDialog(Shell parent, Messages messages, Language current, String city) {
        super(parent);
        this.messages = messages;
        this.language = current;
        this.city = city == null ? "" : city;
    }

    /** The weather city entered (after OK; empty for none), or the one it started with. */
    public String city() {
        return city;
    }

    /** The city field (for tests). */
    public Text cityField() {
        return cityField;
    }

    /** The language chosen (after OK), or the one it started with. */
    public Language language() {
        return language;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(messages.get("preferences.title"));
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        Group group = new Group(area, SWT.NONE);
        group.setText(messages.get("preferences.language"));
        GridLayoutFactory.swtDefaults().applyTo(group);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(group);
        // each language is named in its own language, so a user can always find theirs
        addChoice(group, Language.ENGLISH, messages.get("preferences.language.en"));
        addChoice(group, Language.SIMPLIFIED_CHINESE, messages.get("preferences.language.zh"));
        addChoice(group, Language.SYSTEM, messages.get("preferences.language.system"));
        Label note = new Label(area, SWT.WRAP);
        note.setText(messages.get("preferences.language.note"));
        GridDataFactory.fillDefaults().grab(true, false).hint(360, SWT.DEFAULT).applyTo(note);

        Group weather = new Group(area, SWT.NONE);
        weather.setText(messages.get("preferences.weather"));
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(weather);
        GridDataFactory.fillDefaults().grab(true, false).indent(0, 8).applyTo(weather);
        Label cityLabel = new Label(weather, SWT.NONE);
        cityLabel.setText(messages.get("preferences.city"));
        cityField = new Text(weather, SWT.BORDER | SWT.SINGLE);
        cityField.setText(city);
        cityField.setMessage(messages.get("preferences.city.hint"));
        cityField.setTextLimit(100);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(cityField);
        Label cityNote = new Label(weather, SWT.WRAP);
        cityNote.setText(messages.get("preferences.city.note"));
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).hint(340, SWT.DEFAULT).applyTo(cityNote);
        return area;
    }

    private void addChoice(Composite parent, Language value, String text) {
        Button radio = new Button(parent, SWT.RADIO);
        radio.setText(text);
        radio.setSelection(value == language);
        radio.setData(value);
        choices.put(value, radio);
    }

    /** The radio button of a language (for tests). */
    public Button choice(Language value) {
        return choices.get(value);
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, messages.get("button.ok"), true);
        createButton(parent, IDialogConstants.CANCEL_ID, messages.get("button.cancel"), false);
    }

    @Override
    protected void okPressed() {
        for (Map.Entry<Language, Button> e : choices.entrySet()) {
            if (e.getValue().getSelection()) {
                language = e.getKey();
            }
        }
        city = cityField.getText().strip();
        super.okPressed();
    }
}
