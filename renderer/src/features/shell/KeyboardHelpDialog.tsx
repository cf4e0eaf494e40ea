import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui/Dialog';
import { FormActions } from '../../ui/Field';
import { useUi } from '../../stores/ui';
import { HELP_SECTIONS, keyCap } from './keyboard-help';

/** The `?` overlay: every key the app handles, section by section, in the user's language. */
export function KeyboardHelpDialog() {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  return (
    <Dialog title={t('help.title')} onClose={close} wide>
      {HELP_SECTIONS.map((section) => (
        <table key={section.id} className="table help-table">
          <caption>{t(`help.section.${section.id}`)}</caption>
          <colgroup><col className="help-keys-col" /><col /></colgroup>
          {/* The column headers are for screen readers; the key caps and captions speak for themselves. */}
          <thead className="visually-hidden">
            <tr><th scope="col">{t('help.keys')}</th><th scope="col">{t('help.does')}</th></tr>
          </thead>
          <tbody>
            {section.keys.map((entry) => (
              <tr key={`${entry.keys.join('+')}-${entry.does}`}>
                <td className="help-keys">
                  {entry.keys.map((k, i) => <Fragment key={k}>{i > 0 && ' '}<kbd>{keyCap(k)}</kbd></Fragment>)}
                </td>
                <td>{t(`help.${section.id}.${entry.does}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <FormActions>
        <button type="button" className="btn" onClick={close}>{t('common.close')}</button>
      </FormActions>
    </Dialog>
  );
}
