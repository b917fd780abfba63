// The only script on the pages (progressive enhancement: every page works without it): says
// while typing whether a BSN passes the 11-proef.
function elfproef(bsn) {
  if (!/^\d{9}$/.test(bsn)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(bsn[i]) * (9 - i);
  return (sum - Number(bsn[8])) % 11 === 0;
}
document.addEventListener('input', (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.hasAttribute('data-bsn')) return;
  const status = input.parentElement && input.parentElement.querySelector('[data-bsn-status]');
  const value = input.value.replace(/\s/g, '');
  const ok = elfproef(value);
  input.setCustomValidity(value === '' || ok ? '' : 'Geen geldig burgerservicenummer');
  input.setAttribute('aria-invalid', value !== '' && !ok ? 'true' : 'false');
  if (status) status.textContent = value.length < 9 ? '' : ok ? 'Geldig nummer' : 'Dit nummer klopt niet (elfproef)';
});
